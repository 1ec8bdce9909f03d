using Dashboard.Engine.Inspection.Ipc;
using Dashboard.Engine.Inspection.Proc;

namespace Dashboard.Engine.Inspection.Sections;

/// <summary>
/// The reads that only mean something from inside a namespace: procfs answers them for the namespace of the thread
/// that asks, not of any pid. Each runs on a thread that has entered the container's UTS or IPC namespace, and reads
/// the proc root's global files (/proc/sys/kernel/..., /proc/sysvipc/...).
/// </summary>
internal static class InsideReaders
{
    /// <summary>Hostname and NIS domain name of the calling thread's UTS namespace ("(none)" when unset, as the kernel
    /// shows it).</summary>
    public static UtsView Uts(string procRoot)
    {
        var kernel = Path.Combine(procRoot, "sys", "kernel");
        return new UtsView(
            ProcFs.TryRead(Path.Combine(kernel, "hostname"))?.Trim() ?? throw new IOException("/proc/sys/kernel/hostname could not be read"),
            ProcFs.TryRead(Path.Combine(kernel, "domainname"))?.Trim() ?? "");
    }

    /// <summary>System V IPC objects of the calling thread's IPC namespace.</summary>
    public static IpcView Ipc(string procRoot)
    {
        var sysvipc = Path.Combine(procRoot, "sysvipc");
        return new IpcView(
            SysvIpcParsers.SharedMemory(ProcFs.TryRead(Path.Combine(sysvipc, "shm"))),
            SysvIpcParsers.Semaphores(ProcFs.TryRead(Path.Combine(sysvipc, "sem"))),
            SysvIpcParsers.MessageQueues(ProcFs.TryRead(Path.Combine(sysvipc, "msg"))));
    }
}
