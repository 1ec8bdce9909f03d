using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Dashboard.Engine.Containers.Logs;

/// <summary>
/// The libc calls the log files need and .NET does not wrap: statx (a file's identity: device and inode), inotify
/// (conmon renaming a new log file in), poll and eventfd (waking the watcher's thread to stop).
/// </summary>
internal static unsafe partial class LogNative
{
    public const int AT_FDCWD = -100;
    public const int AT_EMPTY_PATH = 0x1000;
    public const uint STATX_INO = 0x100;
    public const uint STATX_SIZE = 0x200;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EEXIST = 17;
    public const int O_CLOEXEC = 0x80000;
    public const int O_NONBLOCK = 0x800;
    public const uint IN_MODIFY = 0x2;
    public const uint IN_MOVED_TO = 0x80;
    public const uint IN_CREATE = 0x100;
    public const uint IN_IGNORED = 0x8000;
    public const uint IN_Q_OVERFLOW = 0x4000;
    public const uint IN_ONLYDIR = 0x1000000;
    public const short POLLIN = 0x1;

    /// <summary>struct statx is the same on every architecture: 256 bytes; these are the offsets of the fields read.</summary>
    private const int StatxSize = 256;
    private const int StatxInoOffset = 32;
    private const int StatxSizeOffset = 40;
    private const int StatxDevMajorOffset = 136;
    private const int StatxDevMinorOffset = 140;

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Statx(int dirFd, string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int inotify_init1(int flags);

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int inotify_add_watch(int fd, string path, uint mask);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int inotify_rm_watch(int fd, int wd);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int eventfd(uint initval, int flags);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint count, int timeoutMilliseconds);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial nint write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", SetLastError = true)]
    public static partial int close(int fd);

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    /// <summary>The identity and size of the file at <paramref name="path"/>, following symlinks; null when it does
    /// not exist (or cannot be seen).</summary>
    public static (FileIdentity Id, long Size)? Stat(string path)
    {
        var buffer = stackalloc byte[StatxSize];
        return Statx(AT_FDCWD, path, 0, STATX_INO | STATX_SIZE, buffer) == 0 ? Read(buffer) : null;
    }

    /// <summary>The identity and size of an open file.</summary>
    public static (FileIdentity Id, long Size) Stat(SafeFileHandle handle)
    {
        var buffer = stackalloc byte[StatxSize];
        var added = false;
        handle.DangerousAddRef(ref added);
        try
        {
            if (Statx((int)handle.DangerousGetHandle(), "", AT_EMPTY_PATH, STATX_INO | STATX_SIZE, buffer) != 0)
                throw new IOException($"statx of an open log file failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        }
        finally
        {
            if (added) handle.DangerousRelease();
        }
        return Read(buffer);
    }

    private static (FileIdentity, long) Read(byte* buffer)
    {
        var id = new FileIdentity(
            ((ulong)*(uint*)(buffer + StatxDevMajorOffset) << 32) | *(uint*)(buffer + StatxDevMinorOffset),
            *(ulong*)(buffer + StatxInoOffset));
        return (id, *(long*)(buffer + StatxSizeOffset));
    }
}

/// <summary>Which file a name or an open handle refers to: its device and inode. Two names with the same identity are
/// hard links of one file.</summary>
internal readonly record struct FileIdentity(ulong Device, ulong Inode);
