using System.Runtime.InteropServices;

namespace Dashboard.Engine.Interop;

/// <summary>eventfd, inotify and epoll: the kernel notification mechanisms for OOM events that .NET does not wrap.</summary>
internal static unsafe partial class NotifyNative
{
    public const int O_RDONLY = 0;
    public const int O_CLOEXEC = 0x80000;
    public const int O_NONBLOCK = 0x800;
    public const int EFD_CLOEXEC = O_CLOEXEC;
    public const int EFD_NONBLOCK = O_NONBLOCK;
    public const int IN_CLOEXEC = O_CLOEXEC;
    public const int IN_NONBLOCK = O_NONBLOCK;
    public const uint IN_MODIFY = 0x2;
    public const int EPOLL_CLOEXEC = O_CLOEXEC;
    public const int EPOLL_CTL_ADD = 1;
    public const int EPOLL_CTL_DEL = 2;
    public const uint EPOLLIN = 0x1;
    public const int EINTR = 4;

    /// <summary>struct epoll_event is packed (12 bytes) on x86-64 and naturally aligned (16 bytes) elsewhere.</summary>
    public static readonly bool PackedEpollEvent = RuntimeInformation.ProcessArchitecture == Architecture.X64;
    public static int EpollEventSize => PackedEpollEvent ? 12 : 16;
    private static int EpollDataOffset => PackedEpollEvent ? 4 : 8;

    [LibraryImport("libc", SetLastError = true)]
    public static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int inotify_init1(int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int inotify_add_watch(int fd, string path, uint mask);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, byte* ev);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int epoll_wait(int epfd, byte* events, int maxevents, int timeout);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial long lseek(int fd, long offset, int whence);

    public static int EpollAdd(int epfd, int fd, ulong token)
    {
        var ev = stackalloc byte[16];
        *(uint*)ev = EPOLLIN;
        *(ulong*)(ev + EpollDataOffset) = token;
        return epoll_ctl(epfd, EPOLL_CTL_ADD, fd, ev);
    }

    public static int EpollDelete(int epfd, int fd)
    {
        var ev = stackalloc byte[16];
        return epoll_ctl(epfd, EPOLL_CTL_DEL, fd, ev);
    }

    public static ulong EpollToken(byte* events, int index) => *(ulong*)(events + index * EpollEventSize + EpollDataOffset);

    /// <summary>Adds 1 to an eventfd (wakes its reader).</summary>
    public static void Signal(int eventFd)
    {
        ulong one = 1;
        write(eventFd, (byte*)&one, sizeof(ulong));
    }

    /// <summary>Reads and discards whatever is pending on a non-blocking fd.</summary>
    public static void Drain(int fd)
    {
        var buffer = stackalloc byte[4096];
        while (read(fd, buffer, 4096) > 0) { }
    }
}
