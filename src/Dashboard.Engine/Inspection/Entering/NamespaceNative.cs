using System.Runtime.InteropServices;

namespace Dashboard.Engine.Inspection.Entering;

/// <summary>The libc calls the inspector needs and .NET does not wrap: setns, raw fds and a netlink socket.</summary>
internal static unsafe partial class NamespaceNative
{
    public const int EINTR = 4;
    public const int O_RDONLY = 0;
    public const int O_CLOEXEC = 0x80000;

    public const int CLONE_NEWUTS = 0x04000000;
    public const int CLONE_NEWIPC = 0x08000000;
    public const int CLONE_NEWNET = 0x40000000;

    public const int AF_NETLINK = 16;
    public const int SOCK_RAW = 3;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int NETLINK_ROUTE = 0;
    public const int SOL_SOCKET = 1;
    public const int SO_RCVTIMEO = 20;

    private const int _SC_CLK_TCK = 2;

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    /// <summary>setns(2) for the calling thread. uts, ipc and net may be changed per thread in a multithreaded
    /// process; mnt and user may not (EINVAL), which is why the inspector never enters those.</summary>
    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int nstype);

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    public static partial int SetSockOpt(int fd, int level, int name, void* value, uint length);

    [LibraryImport("libc", EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(int fd, byte* buffer, nint length, int flags);

    [LibraryImport("libc", EntryPoint = "sysconf", SetLastError = true)]
    private static partial long Sysconf(int name);

    /// <summary>USER_HZ, the unit of the tick counts in /proc/PID/stat (100 on every mainstream architecture).</summary>
    public static long ClockTicksPerSecond()
    {
        var ticks = Sysconf(_SC_CLK_TCK);
        return ticks > 0 ? ticks : 100;
    }

    public static int CloneFlag(string type) => type switch
    {
        NamespaceType.Uts => CLONE_NEWUTS,
        NamespaceType.Ipc => CLONE_NEWIPC,
        NamespaceType.Net => CLONE_NEWNET,
        _ => throw new ArgumentException($"the inspector does not enter {type} namespaces (only uts, ipc and net can be entered by one thread of a multithreaded process)", nameof(type)),
    };

    public static string LastError()
    {
        var errno = Marshal.GetLastPInvokeError();
        return $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
    }
}
