using System.ComponentModel;
using System.Globalization;
using System.Runtime.InteropServices;
using Dashboard.Engine.Interop;

namespace Dashboard.Engine.Cgroups;

/// <summary>
/// The kernel's OOM notifications for one memory cgroup, as a file descriptor to wait on with epoll: on v1 an eventfd
/// registered on memory.oom_control through cgroup.event_control (cgroup-v1/memory.txt §9; the kernel also signals it
/// when the cgroup is removed), on v2 an inotify watch on memory.events (modified whenever one of its counters
/// changes). Also reads what a notification is about: the oom_kill counter and the memory figures at that moment.
/// </summary>
internal sealed class CgroupOomEvents
{
    private CgroupOomEvents(string dir, bool v1, int fd)
    {
        Dir = dir;
        IsV1 = v1;
        Fd = fd;
    }

    public string Dir { get; }
    public bool IsV1 { get; }
    /// <summary>Readable when the kernel notified; <see cref="Drain"/> consumes it.</summary>
    public int Fd { get; }

    /// <summary>Registers for notifications on <paramref name="memoryDir"/>, a v1 or v2 memory cgroup directory. Throws
    /// when it is neither, or when the kernel refuses.</summary>
    public static CgroupOomEvents Open(string memoryDir)
    {
        if (File.Exists(Path.Combine(memoryDir, CgroupFiles.V1.OomControl))) return OpenV1(memoryDir);
        if (File.Exists(Path.Combine(memoryDir, CgroupFiles.V2.MemoryEvents))) return OpenV2(memoryDir);
        throw new DirectoryNotFoundException(
            $"{memoryDir} is not a memory cgroup (neither {CgroupFiles.V1.OomControl} nor {CgroupFiles.V2.MemoryEvents} exists).");
    }

    private static CgroupOomEvents OpenV1(string dir)
    {
        var controlPath = Path.Combine(dir, CgroupFiles.V1.OomControl);
        var eventFd = NotifyNative.eventfd(0, NotifyNative.EFD_CLOEXEC | NotifyNative.EFD_NONBLOCK);
        if (eventFd < 0) throw new Win32Exception(Marshal.GetLastPInvokeError(), "eventfd failed");
        var controlFd = NotifyNative.open(controlPath, NotifyNative.O_RDONLY | NotifyNative.O_CLOEXEC);
        try
        {
            if (controlFd < 0) throw new Win32Exception(Marshal.GetLastPInvokeError(), $"Cannot open {controlPath}");
            File.WriteAllText(Path.Combine(dir, CgroupFiles.V1.EventControl),
                string.Create(CultureInfo.InvariantCulture, $"{eventFd} {controlFd}"));
        }
        catch
        {
            NotifyNative.close(eventFd);
            throw;
        }
        finally
        {
            // The registration holds its own reference; keeping ours open would only pin the file.
            if (controlFd >= 0) NotifyNative.close(controlFd);
        }
        return new CgroupOomEvents(dir, true, eventFd);
    }

    private static CgroupOomEvents OpenV2(string dir)
    {
        var eventsPath = Path.Combine(dir, CgroupFiles.V2.MemoryEvents);
        var fd = NotifyNative.inotify_init1(NotifyNative.IN_CLOEXEC | NotifyNative.IN_NONBLOCK);
        if (fd < 0) throw new Win32Exception(Marshal.GetLastPInvokeError(), "inotify_init1 failed");
        if (NotifyNative.inotify_add_watch(fd, eventsPath, NotifyNative.IN_MODIFY) < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            NotifyNative.close(fd);
            throw new Win32Exception(errno, $"Cannot watch {eventsPath}");
        }
        return new CgroupOomEvents(dir, false, fd);
    }

    /// <summary>Consumes the pending notification.</summary>
    public void Drain() => NotifyNative.Drain(Fd);

    /// <summary>The cgroup's oom_kill counter; null on kernels without one (before 4.13 v1 reports only
    /// under_oom). Throws <see cref="IOException"/> when the cgroup is gone (missing file, or ENODEV from kernfs).</summary>
    public long? ReadKillCount()
    {
        var count = CgroupParsers.OomKillCount(File.ReadAllBytes(Path.Combine(Dir, IsV1 ? CgroupFiles.V1.OomControl : CgroupFiles.V2.MemoryEvents)));
        return count is { } c ? (long)c : null;
    }

    /// <summary>The cgroup's memory usage and limit now (null when unreadable or unlimited).</summary>
    public (long? Usage, long? Limit) ReadMemory()
    {
        var usage = CgroupParsers.Number(ReadOrEmpty(IsV1 ? CgroupFiles.V1.MemoryUsage : CgroupFiles.V2.MemoryCurrent));
        var limit = CgroupParsers.Limit(ReadOrEmpty(IsV1 ? CgroupFiles.V1.MemoryLimit : CgroupFiles.V2.MemoryMax));
        return (usage is { } u ? (long)u : null, limit is { } l ? (long)l : null);
    }

    public void Close() => NotifyNative.close(Fd);

    private byte[] ReadOrEmpty(string file)
    {
        try
        {
            return File.ReadAllBytes(Path.Combine(Dir, file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
