using System.Runtime.InteropServices;

namespace Dashboard.Engine.Interop;

/// <summary>
/// The few libc calls .NET has no API for (mount, whiteout device nodes, overlay xattrs, ownership and times that
/// must not follow symlinks). Every call sets errno; use <see cref="ThrowIfError"/> to turn -1 into an exception.
/// </summary>
internal static partial class LibC
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int E2BIG = 7;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int EINVAL = 22;
    public const int ERANGE = 34;
    public const int EOPNOTSUPP = 95;

    public const uint S_IFCHR = 0x2000;
    public const uint S_IFIFO = 0x1000;

    public const int MNT_DETACH = 2;
    public const int UMOUNT_NOFOLLOW = 8;
    public const ulong MS_NOSUID = 0x2;
    public const ulong MS_NODEV = 0x4;
    public const ulong MS_NOEXEC = 0x8;
    public const int AT_FDCWD = -100;
    public const int AT_SYMLINK_NOFOLLOW = 0x100;

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string source, string target, string fsType, ulong flags, string? data);

    [LibraryImport("libc", EntryPoint = "umount2", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Umount2(string target, int flags);

    public const int EINTR = 4;
    public const int CLONE_NEWNS = 0x00020000;
    public const int CLONE_NEWNET = 0x40000000;
    public const int LOCK_EX = 2;
    public const int LOCK_UN = 8;

    /// <summary>unshare(2): moves the calling thread into new namespaces (net and mnt are per thread in .NET's model:
    /// the caller runs it on a thread of its own).</summary>
    [LibraryImport("libc", EntryPoint = "unshare", SetLastError = true)]
    public static partial int Unshare(int flags);

    [LibraryImport("libc", EntryPoint = "flock", SetLastError = true)]
    public static partial int Flock(Microsoft.Win32.SafeHandles.SafeFileHandle fd, int operation);

    [LibraryImport("libc", EntryPoint = "mknod", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mknod(string path, uint mode, ulong dev);

    [LibraryImport("libc", EntryPoint = "lsetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LSetXattr(string path, string name, byte[] value, nuint size, int flags);

    [LibraryImport("libc", EntryPoint = "lgetxattr", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint LGetXattr(string path, string name, byte[] value, nuint size);

    /// <summary>struct statvfs on 64-bit Linux (glibc and musl agree): eleven longs, then six spare ints.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct StatVfsBuffer
    {
        public ulong BlockSize;
        public ulong FragmentSize;
        public ulong Blocks;
        public ulong BlocksFree;
        public ulong BlocksAvailable;
        public ulong Files;
        public ulong FilesFree;
        public ulong FilesAvailable;
        public ulong FsId;
        public ulong Flags;
        public ulong NameMax;
        private long _spare0, _spare1, _spare2;
    }

    [LibraryImport("libc", EntryPoint = "statvfs", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatVfs(string path, out StatVfsBuffer buffer);

    /// <summary>Bytes an unprivileged writer may still use on the file system holding <paramref name="path"/>
    /// (f_bavail: the root-reserved blocks are not counted, so the daemon leaves them to the host).</summary>
    public static long AvailableBytes(string path)
    {
        ThrowIfError(StatVfs(path, out var buffer), "statvfs", path);
        return (long)Math.Min(buffer.BlocksAvailable * buffer.FragmentSize, long.MaxValue);
    }

    [LibraryImport("libc", EntryPoint = "lchown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LChown(string path, int uid, int gid);

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Link(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UtimensAt(int dirFd, string path, [In] Timespec[] times, int flags);

    /// <summary>rename(2): atomic, and unlike File.Move it never looks through a symlink being renamed.</summary>
    [LibraryImport("libc", EntryPoint = "rename", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Rename(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "syncfs", SetLastError = true)]
    public static partial int SyncFs(int fd);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, uint mode);

    /// <summary>open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644) as a handle of its own: a FileStream would take .NET's
    /// own non-blocking flock(LOCK_SH) at open, which fails at once ("being used by another process") while another
    /// process holds the LOCK_EX that the caller wants to wait for.</summary>
    public static Microsoft.Win32.SafeHandles.SafeFileHandle OpenForLocking(string path)
    {
        var fd = Open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0x1A4);
        if (fd < 0) throw new IOException($"open {path} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        return new Microsoft.Win32.SafeHandles.SafeFileHandle(fd, ownsHandle: true);
    }

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);

    private const int O_RDONLY = 0;
    private const int O_RDWR = 2;
    private const int O_CREAT = 0x40;
    private const int O_CLOEXEC = 0x80000;

    /// <summary>fsync(2) a directory, so a rename or unlink in it is durable. .NET cannot open directories.</summary>
    public static void FsyncDirectory(string path)
    {
        var fd = Open(path, O_RDONLY | O_CLOEXEC);
        ThrowIfError(fd, "open", path);
        try
        {
            ThrowIfError(Fsync(fd), "fsync", path);
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>Throws an <see cref="IOException"/> naming the call and errno when <paramref name="result"/> is -1.</summary>
    public static void ThrowIfError(long result, string call, string path)
    {
        if (result != -1) return;
        var errno = Marshal.GetLastPInvokeError();
        throw new IOException($"{call}({path}) failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
    }

    /// <summary>syncfs(2) on the file system holding <paramref name="path"/>: one call instead of an fsync per file.</summary>
    public static void SyncFileSystem(string path)
    {
        var fd = Open(path, O_RDONLY | O_CLOEXEC);
        ThrowIfError(fd, "open", path);
        try
        {
            ThrowIfError(SyncFs(fd), "syncfs", path);
        }
        finally
        {
            Close(fd);
        }
    }
}
