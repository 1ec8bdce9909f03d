using System.Runtime.InteropServices;

namespace Dashboard.Engine.Interop;

internal static partial class LibC
{
    public const uint S_IFMT = 0xF000;
    public const uint S_IFBLK = 0x6000;
    public const uint S_IFDIR = 0x4000;
    public const uint STATX_BASIC_STATS = 0x7FF;

    /// <summary>What statx(2) tells about a file; struct statx has the same layout on every architecture, unlike
    /// struct stat, which is why it is used here.</summary>
    public readonly record struct FileStatus(uint Mode, uint Uid, uint Gid, uint RdevMajor, uint RdevMinor)
    {
        public uint Links { get; init; }
        public ulong Inode { get; init; }
        public long Size { get; init; }
        /// <summary>The device the file is on (major and minor in one number), for telling inodes apart.</summary>
        public ulong Device { get; init; }

        public uint Type => Mode & S_IFMT;
        public uint Permissions => Mode & 0xFFF;
    }

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int Statx(int dirfd, string path, int flags, uint mask, byte* buffer);

    /// <summary>statx of <paramref name="path"/>, following symlinks unless <paramref name="noFollow"/>; null with the
    /// errno when it fails.</summary>
    public static unsafe FileStatus? Stat(string path, bool noFollow, out int errno)
    {
        // struct statx is 256 bytes: nlink at 16, uid at 20, gid at 24, mode (u16) at 28, ino at 32, size at 40,
        // rdev major/minor at 128/132, dev major/minor at 136/140.
        var buffer = stackalloc byte[256];
        if (Statx(AT_FDCWD, path, noFollow ? AT_SYMLINK_NOFOLLOW : 0, STATX_BASIC_STATS, buffer) != 0)
        {
            errno = Marshal.GetLastPInvokeError();
            return null;
        }
        errno = 0;
        return new FileStatus(*(ushort*)(buffer + 28), *(uint*)(buffer + 20), *(uint*)(buffer + 24),
            *(uint*)(buffer + 128), *(uint*)(buffer + 132))
        {
            Links = *(uint*)(buffer + 16),
            Inode = *(ulong*)(buffer + 32),
            Size = *(long*)(buffer + 40),
            Device = ((ulong)*(uint*)(buffer + 136) << 32) | *(uint*)(buffer + 140),
        };
    }
}
