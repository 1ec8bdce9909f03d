using System.ComponentModel;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Dashboard.Engine.Runtime;

/// <summary>A process started by <see cref="DetachedSpawner"/>: its pid and the read ends of its fd 3 and stderr, and
/// with exec pipes the write end of its fd 4 and the read end of its fd 5.</summary>
internal sealed class SpawnedProcess(int pid, FileStream syncPipe, FileStream stderr, FileStream? startPipe = null, FileStream? attachPipe = null)
    : IDisposable
{
    public int Pid { get; } = pid;
    /// <summary>Read end of the pipe the child sees as fd 3.</summary>
    public FileStream SyncPipe { get; } = syncPipe;
    public FileStream Stderr { get; } = stderr;
    /// <summary>Write end of the pipe the child reads as fd 4 (conmon's _OCI_STARTPIPE).</summary>
    public FileStream? StartPipe { get; } = startPipe;
    /// <summary>Read end of the pipe the child writes as fd 5 (conmon's _OCI_ATTACHPIPE).</summary>
    public FileStream? AttachPipe { get; } = attachPipe;

    public void Dispose()
    {
        SyncPipe.Dispose();
        Stderr.Dispose();
        StartPipe?.Dispose();
        AttachPipe?.Dispose();
    }
}

/// <summary>
/// Starts a process the way conmon must be started, which System.Diagnostics.Process cannot do: in its own session,
/// stdin/stdout on /dev/null, stderr and fd 3 on pipes back to us, default signal dispositions and an empty signal
/// mask (the .NET runtime blocks and ignores some). Both pipes are created O_CLOEXEC and only dup2'ed into this child,
/// so no other process the daemon starts concurrently inherits them (which would hide the EOF we wait for). The child
/// starts in the given directory: conmon writes files into its working directory (an "oom" marker on every OOM kill),
/// which must not be wherever the daemon happened to be started.
/// </summary>
internal static unsafe class DetachedSpawner
{
    /// <param name="execPipes">Also a start pipe (the child reads fd 4) and an attach pipe (the child writes fd 5), as
    /// conmon --exec-attach needs them.</param>
    public static SpawnedProcess Spawn(string path, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environmentOverrides,
        string workingDirectory, bool execPipes = false)
    {
        var (syncRead, syncWrite) = CreatePipe();
        var (errRead, errWrite) = CreatePipe();
        var (startRead, startWrite) = execPipes ? CreatePipe() : (-1, -1);
        var (attachRead, attachWrite) = execPipes ? CreatePipe() : (-1, -1);
        try
        {
            (int Source, int Target)[] extra = execPipes ? [(syncWrite, 3), (startRead, 4), (attachWrite, 5)] : [(syncWrite, 3)];
            var pid = SpawnCore(path, arguments, environmentOverrides, workingDirectory, stdin: -1, stdout: -1, errWrite, extra);
            return new SpawnedProcess(pid, ReadStream(syncRead), ReadStream(errRead),
                execPipes ? WriteStream(startWrite) : null, execPipes ? ReadStream(attachRead) : null);
        }
        catch
        {
            NativeMethods.close(syncRead);
            NativeMethods.close(errRead);
            if (execPipes)
            {
                NativeMethods.close(startWrite);
                NativeMethods.close(attachRead);
            }
            throw;
        }
        finally
        {
            // The child holds its own copies now; ours must go or the read ends never see EOF.
            NativeMethods.close(syncWrite);
            NativeMethods.close(errWrite);
            if (execPipes)
            {
                NativeMethods.close(startRead);
                NativeMethods.close(attachWrite);
            }
        }
    }

    /// <summary>Starts a process the same way (its own session, default signals, the given directory) with the given
    /// descriptors as its stdin (-1: /dev/null), stdout and stderr. The caller closes its copies after.</summary>
    public static int SpawnWithStdio(string path, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environmentOverrides,
        string workingDirectory, int stdin, int stdout, int stderr) =>
        SpawnCore(path, arguments, environmentOverrides, workingDirectory, stdin, stdout, stderr, []);

    /// <summary>Moves a descriptor the daemon made off 0-5 (see <see cref="AboveStdio"/>), keeping O_CLOEXEC.</summary>
    public static int MoveAboveStdio(int fd) => AboveStdio(fd);

    private static int SpawnCore(string path, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environmentOverrides,
        string workingDirectory, int stdin, int stdout, int stderr, (int Source, int Target)[] extra)
    {
        ArgumentException.ThrowIfNullOrEmpty(workingDirectory);
        var allocations = new List<IntPtr>();
        var fileActions = NativeMemory.AllocZeroed(NativeMethods.FileActionsSize);
        var attr = NativeMemory.AllocZeroed(NativeMethods.SpawnAttrSize);
        var mask = NativeMemory.AllocZeroed(NativeMethods.SigsetSize);
        var defaults = NativeMemory.AllocZeroed(NativeMethods.SigsetSize);
        try
        {
            var devNull = Utf8("/dev/null", allocations);
            Check(NativeMethods.posix_spawn_file_actions_init(fileActions), "posix_spawn_file_actions_init");
            Check(stdin < 0
                ? NativeMethods.posix_spawn_file_actions_addopen(fileActions, 0, devNull, NativeMethods.O_RDONLY, 0)
                : NativeMethods.posix_spawn_file_actions_adddup2(fileActions, stdin, 0), "stdin");
            Check(stdout < 0
                ? NativeMethods.posix_spawn_file_actions_addopen(fileActions, 1, devNull, NativeMethods.O_WRONLY, 0)
                : NativeMethods.posix_spawn_file_actions_adddup2(fileActions, stdout, 1), "stdout");
            Check(NativeMethods.posix_spawn_file_actions_adddup2(fileActions, stderr, 2), "adddup2 stderr");
            foreach (var (source, target) in extra)
                Check(NativeMethods.posix_spawn_file_actions_adddup2(fileActions, source, target), $"adddup2 fd {target}");
            Check(NativeMethods.posix_spawn_file_actions_addchdir_np(fileActions, Utf8(workingDirectory, allocations)), "addchdir");

            Check(NativeMethods.posix_spawnattr_init(attr), "posix_spawnattr_init");
            NativeMethods.sigemptyset(mask);
            NativeMethods.sigfillset(defaults);
            Check(NativeMethods.posix_spawnattr_setsigmask(attr, mask), "setsigmask");
            Check(NativeMethods.posix_spawnattr_setsigdefault(attr, defaults), "setsigdefault");
            Check(NativeMethods.posix_spawnattr_setflags(attr,
                NativeMethods.POSIX_SPAWN_SETSID | NativeMethods.POSIX_SPAWN_SETSIGMASK | NativeMethods.POSIX_SPAWN_SETSIGDEF), "setflags");

            var argv = StringArray([path, .. arguments], allocations);
            var envp = StringArray(BuildEnvironment(environmentOverrides), allocations);
            int pid;
            var error = NativeMethods.posix_spawn(&pid, Utf8(path, allocations), fileActions, attr, argv, envp);
            if (error != 0) throw new Win32Exception(error, $"Cannot start {path}: {new Win32Exception(error).Message}");
            return pid;
        }
        finally
        {
            NativeMethods.posix_spawn_file_actions_destroy(fileActions);
            NativeMethods.posix_spawnattr_destroy(attr);
            NativeMemory.Free(fileActions);
            NativeMemory.Free(attr);
            NativeMemory.Free(mask);
            NativeMemory.Free(defaults);
            foreach (var pointer in allocations) Marshal.FreeCoTaskMem(pointer);
        }
    }

    /// <summary>Blocks until <paramref name="pid"/> (our child) exits and reaps it. Returns the exit code, 128+N for a
    /// signal, or null when it was already reaped elsewhere.</summary>
    public static int? WaitForExit(int pid)
    {
        int status;
        while (true)
        {
            if (NativeMethods.waitpid(pid, &status, 0) == pid) break;
            var errno = Marshal.GetLastPInvokeError();
            if (errno == NativeMethods.EINTR) continue;
            return null;
        }
        var signal = status & 0x7f;
        return signal == 0 ? (status >> 8) & 0xff : 128 + signal;
    }

    private static List<string> BuildEnvironment(IReadOnlyDictionary<string, string?> overrides)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
            variables[(string)entry.Key] = (string?)entry.Value ?? "";
        foreach (var (key, value) in overrides)
        {
            if (value is null) variables.Remove(key);
            else variables[key] = value;
        }
        return variables.Select(kv => kv.Key + "=" + kv.Value).ToList();
    }

    private static (int Read, int Write) CreatePipe()
    {
        var fds = stackalloc int[2];
        if (NativeMethods.pipe2(fds, NativeMethods.O_CLOEXEC) != 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "pipe2 failed");
        return (AboveStdio(fds[0]), AboveStdio(fds[1]));
    }

    /// <summary>dup2(fd, fd) would keep O_CLOEXEC, so never let a pipe end sit on one of the target numbers 0-5.</summary>
    private static int AboveStdio(int fd)
    {
        if (fd > 5) return fd;
        var moved = NativeMethods.fcntl(fd, NativeMethods.F_DUPFD_CLOEXEC, 10);
        NativeMethods.close(fd);
        if (moved < 0) throw new Win32Exception(Marshal.GetLastPInvokeError(), "fcntl(F_DUPFD_CLOEXEC) failed");
        return moved;
    }

    private static FileStream ReadStream(int fd) =>
        new(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Read, bufferSize: 0);

    private static FileStream WriteStream(int fd) =>
        new(new SafeFileHandle(fd, ownsHandle: true), FileAccess.Write, bufferSize: 0);

    private static byte* Utf8(string value, List<IntPtr> allocations)
    {
        var pointer = Marshal.StringToCoTaskMemUTF8(value);
        allocations.Add(pointer);
        return (byte*)pointer;
    }

    private static byte** StringArray(IReadOnlyList<string> values, List<IntPtr> allocations)
    {
        var array = (byte**)Marshal.AllocCoTaskMem((values.Count + 1) * sizeof(byte*));
        allocations.Add((IntPtr)array);
        for (var i = 0; i < values.Count; i++) array[i] = Utf8(values[i], allocations);
        array[values.Count] = null;
        return array;
    }

    private static void Check(int result, string what)
    {
        if (result != 0) throw new Win32Exception(result, $"{what} failed");
    }
}
