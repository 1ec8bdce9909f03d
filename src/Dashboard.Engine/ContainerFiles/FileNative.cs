using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Dashboard.Engine.ContainerFiles;

/// <summary>
/// The fd-relative file calls a copy into or out of a container is made of. Every path given to these is one
/// component relative to a directory fd (never a path the kernel would resolve from the host's root), except
/// <see cref="OpenAt2"/>, which resolves whole paths with the directory fd as the root. fds are held in
/// <see cref="SafeFileHandle"/>s so that none outlives its owner.
/// </summary>
internal static unsafe partial class FileNative
{
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int EBUSY = 16;
    public const int EEXIST = 17;
    public const int EXDEV = 18;
    public const int ENOTDIR = 20;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int EROFS = 30;
    public const int ENOSYS = 38;
    public const int ENOTEMPTY = 39;
    public const int ELOOP = 40;

    public const int O_RDONLY = 0;
    public const int O_WRONLY = 1;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_NOCTTY = 0x100;
    public const int O_NONBLOCK = 0x800;
    public const int O_DIRECTORY = 0x10000;
    public const int O_NOFOLLOW = 0x20000;
    public const int O_CLOEXEC = 0x80000;
    public const int O_PATH = 0x200000;

    public const ulong RESOLVE_NO_MAGICLINKS = 0x02;
    public const ulong RESOLVE_IN_ROOT = 0x10;

    public const int AT_SYMLINK_NOFOLLOW = 0x100;
    public const int AT_REMOVEDIR = 0x200;
    public const int AT_EMPTY_PATH = 0x1000;
    public const uint AT_RECURSIVE = 0x8000;

    public const uint S_IFMT = 0xF000;
    public const uint S_IFIFO = 0x1000;
    public const uint S_IFCHR = 0x2000;
    public const uint S_IFDIR = 0x4000;
    public const uint S_IFBLK = 0x6000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFLNK = 0xA000;
    public const uint S_IFSOCK = 0xC000;

    public const ulong MS_RDONLY = 0x1;
    public const ulong MS_NOSUID = 0x2;
    public const ulong MS_NODEV = 0x4;
    public const ulong MS_BIND = 0x1000;
    public const ulong MS_REC = 0x4000;
    public const ulong MS_SLAVE = 0x80000;
    public const ulong MOUNT_ATTR_RDONLY = 0x1;

    // The generic syscall table (every architecture .NET runs on since these were added).
    private const long SYS_openat2 = 437;
    private const long SYS_mount_setattr = 442;

    [StructLayout(LayoutKind.Sequential)]
    private struct OpenHow
    {
        public ulong Flags;
        public ulong Mode;
        public ulong Resolve;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MountAttr
    {
        public ulong AttrSet;
        public ulong AttrClear;
        public ulong Propagation;
        public ulong UsernsFd;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long SyscallOpenAt2(long number, SafeFileHandle dirfd, byte* path, OpenHow* how, nuint size);

    [LibraryImport("libc", EntryPoint = "syscall", SetLastError = true)]
    private static partial long SyscallMountSetattr(long number, SafeFileHandle dirfd, byte* path, uint flags, MountAttr* attr, nuint size);

    [LibraryImport("libc", EntryPoint = "openat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenAtRaw(SafeFileHandle dirfd, string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int OpenRaw(string path, int flags, uint mode);

    [LibraryImport("libc", EntryPoint = "mkdirat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MkdirAt(SafeFileHandle dirfd, string name, uint mode);

    [LibraryImport("libc", EntryPoint = "mknodat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MknodAt(SafeFileHandle dirfd, string name, uint mode, ulong dev);

    [LibraryImport("libc", EntryPoint = "symlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SymlinkAt(string target, SafeFileHandle dirfd, string name);

    [LibraryImport("libc", EntryPoint = "linkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int LinkAt(SafeFileHandle oldDirfd, string oldName, SafeFileHandle newDirfd, string newName, int flags);

    [LibraryImport("libc", EntryPoint = "unlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UnlinkAt(SafeFileHandle dirfd, string name, int flags);

    [LibraryImport("libc", EntryPoint = "fchownat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int FchownAt(SafeFileHandle fd, string name, int uid, int gid, int flags);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    public static partial int Fchmod(SafeFileHandle fd, uint mode);

    [LibraryImport("libc", EntryPoint = "utimensat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int UtimensAtRaw(SafeFileHandle fd, string name, Timespec* times, int flags);

    [LibraryImport("libc", EntryPoint = "readlinkat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint ReadLinkAtRaw(SafeFileHandle dirfd, string name, byte* buffer, nuint size);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int StatxRaw(SafeFileHandle dirfd, string name, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fstatfs", SetLastError = true)]
    private static partial int FstatfsRaw(SafeFileHandle fd, byte* buffer);

    [LibraryImport("libc", EntryPoint = "fdopendir", SetLastError = true)]
    private static partial nint FdOpenDir(int fd);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static partial byte* ReadDir(nint dir);

    [LibraryImport("libc", EntryPoint = "closedir", SetLastError = true)]
    private static partial int CloseDir(nint dir);

    [LibraryImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static partial int Dup(SafeFileHandle fd);

    [LibraryImport("libc", EntryPoint = "mount", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Mount(string? source, string target, string? fsType, ulong flags, string? data);

    /// <summary>openat2(2): resolves <paramref name="path"/> with <paramref name="root"/> as "/" (RESOLVE_IN_ROOT: absolute
    /// symlinks and ".." never leave it; the kernel checks every step, so a rename racing the lookup cannot either) and
    /// refuses /proc magic links. Retries the EAGAIN the kernel answers when a rename raced a "..". Throws
    /// <see cref="IOException"/> with the errno as HResult.</summary>
    public static SafeFileHandle OpenInRoot(SafeFileHandle root, string path, int flags, uint mode = 0)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(path + "\0");
        var how = new OpenHow { Flags = (ulong)(flags | O_CLOEXEC), Mode = mode, Resolve = RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS };
        for (var attempt = 0; ; attempt++)
        {
            long fd;
            fixed (byte* p = bytes) fd = SyscallOpenAt2(SYS_openat2, root, p, &how, (nuint)sizeof(OpenHow));
            if (fd >= 0) return new SafeFileHandle((nint)fd, ownsHandle: true);
            var errno = Marshal.GetLastPInvokeError();
            if (errno is EAGAIN or EINTR && attempt < 64) continue;
            throw Error("openat2", path, errno);
        }
    }

    /// <summary>openat(2) of one name in <paramref name="dir"/>; with O_NOFOLLOW a symlink there is never followed.</summary>
    public static SafeFileHandle OpenAt(SafeFileHandle dir, string name, int flags, uint mode = 0)
    {
        var fd = OpenAtRaw(dir, name, flags | O_CLOEXEC, mode);
        if (fd < 0) throw Error("openat", name, Marshal.GetLastPInvokeError());
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>open(2) of a host path the daemon owns (/proc/PID/root, the private view's mount point).</summary>
    public static SafeFileHandle Open(string path, int flags)
    {
        var fd = OpenRaw(path, flags | O_CLOEXEC, 0);
        if (fd < 0) throw Error("open", path, Marshal.GetLastPInvokeError());
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    /// <summary>statx(2) of <paramref name="name"/> in <paramref name="dir"/> (never following a final symlink), or of the
    /// fd itself when <paramref name="name"/> is "". Null with the errno when it fails.</summary>
    public static FileStatus? Stat(SafeFileHandle dir, string name, out int errno)
    {
        var buffer = stackalloc byte[256];
        var flags = AT_SYMLINK_NOFOLLOW | (name.Length == 0 ? AT_EMPTY_PATH : 0);
        if (StatxRaw(dir, name, flags, FileStatus.Mask, buffer) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }
        errno = 0;
        return FileStatus.Read(buffer);
    }

    public static FileStatus StatOrThrow(SafeFileHandle dir, string name) =>
        Stat(dir, name, out var errno) ?? throw Error("statx", name.Length == 0 ? "(fd)" : name, errno);

    /// <summary>The file system type (statfs f_type) and whether the mount is read-only (ST_RDONLY).</summary>
    public static (long Type, bool ReadOnly) FileSystemOf(SafeFileHandle fd)
    {
        // struct statfs on 64-bit Linux: f_type at 0, f_flags at 80; 120 bytes in all.
        var buffer = stackalloc byte[160];
        if (FstatfsRaw(fd, buffer) != 0) throw Error("fstatfs", "(fd)", Marshal.GetLastPInvokeError());
        return (*(long*)buffer, (*(long*)(buffer + 80) & 1) != 0);
    }

    public static string ReadLinkAt(SafeFileHandle dir, string name)
    {
        var buffer = stackalloc byte[4096];
        var n = ReadLinkAtRaw(dir, name, buffer, 4096);
        if (n < 0) throw Error("readlinkat", name, Marshal.GetLastPInvokeError());
        return System.Text.Encoding.UTF8.GetString(buffer, (int)n);
    }

    /// <summary>Sets the times of the file <paramref name="fd"/> refers to (O_PATH fds included; a symlink's own times).</summary>
    public static void SetTimes(SafeFileHandle fd, long seconds, long nanoseconds)
    {
        var times = stackalloc Timespec[2];
        times[0] = times[1] = new Timespec { Seconds = seconds, Nanoseconds = nanoseconds };
        if (UtimensAtRaw(fd, "", times, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) != 0)
            throw Error("utimensat", "(fd)", Marshal.GetLastPInvokeError());
    }

    /// <summary>Sets the owner of the file <paramref name="fd"/> refers to (O_PATH fds included; a symlink itself).</summary>
    public static void SetOwner(SafeFileHandle fd, int uid, int gid)
    {
        if (FchownAt(fd, "", uid, gid, AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW) != 0)
            throw Error("fchownat", "(fd)", Marshal.GetLastPInvokeError());
    }

    /// <summary>The names in a directory (without "." and ".."), read through a duplicate of <paramref name="dir"/>
    /// (which must be open for reading, not O_PATH), sorted as Go's WalkDir visits them.</summary>
    public static List<string> ListDirectory(SafeFileHandle dir)
    {
        var copy = Dup(dir);
        if (copy < 0) throw Error("dup", "(fd)", Marshal.GetLastPInvokeError());
        var stream = FdOpenDir(copy);
        if (stream == 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            using (new SafeFileHandle(copy, ownsHandle: true)) { }
            throw Error("fdopendir", "(fd)", errno);
        }
        var names = new List<string>();
        try
        {
            // struct dirent (64-bit glibc and musl): d_ino 8, d_off 8, d_reclen 2, d_type 1, then d_name.
            for (var entry = ReadDir(stream); entry != null; entry = ReadDir(stream))
            {
                var name = Marshal.PtrToStringUTF8((nint)(entry + 19))!;
                if (name is not ("." or "..")) names.Add(name);
            }
        }
        finally
        {
            CloseDir(stream);
        }
        names.Sort(StringComparer.Ordinal);
        return names;
    }

    /// <summary>mount_setattr(2) on the mount <paramref name="fd"/> is the root of: read-only, this mount and (with
    /// <paramref name="recursive"/>) every mount below it.</summary>
    public static void MakeReadOnly(SafeFileHandle fd, bool recursive)
    {
        var attr = new MountAttr { AttrSet = MOUNT_ATTR_RDONLY };
        var empty = stackalloc byte[1];
        empty[0] = 0;
        var flags = (uint)AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
        if (SyscallMountSetattr(SYS_mount_setattr, fd, empty, flags, &attr, (nuint)sizeof(MountAttr)) != 0)
            throw Error("mount_setattr", "(fd)", Marshal.GetLastPInvokeError());
    }

    public static IOException Error(string call, string name, int errno) =>
        new($"{call}({name}) failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);

    /// <summary>The errno an <see cref="IOException"/> from this class carries, or 0.</summary>
    public static int Errno(Exception error) => error is IOException io && io.HResult is > 0 and < 4096 ? io.HResult : 0;

    public static void ThrowIfError(int result, string call, string name)
    {
        if (result != 0) throw Error(call, name, Marshal.GetLastPInvokeError());
    }
}
