namespace Dashboard.Engine.ContainerFiles;

/// <summary>What statx(2) tells about one file, as a copy needs it: type and permission bits, owner, size, mtime, link
/// count and identity (to find hard links), device numbers, and the mount it is on.</summary>
internal readonly record struct FileStatus(
    uint Mode, int Uid, int Gid, long Size, long MtimeSeconds, uint MtimeNanoseconds, uint LinkCount,
    ulong Inode, uint DevMajor, uint DevMinor, uint RdevMajor, uint RdevMinor, ulong MountId, bool IsMountRoot)
{
    // STATX_BASIC_STATS | STATX_MNT_ID
    public const uint Mask = 0x7FF | 0x1000;

    public uint Type => Mode & FileNative.S_IFMT;
    public uint Permissions => Mode & 0xFFF;
    public bool IsDirectory => Type == FileNative.S_IFDIR;
    public bool IsRegular => Type == FileNative.S_IFREG;
    public bool IsSymlink => Type == FileNative.S_IFLNK;
    public DateTimeOffset Mtime => DateTimeOffset.FromUnixTimeSeconds(MtimeSeconds).AddTicks(MtimeNanoseconds / 100);

    /// <summary>The same file: same device and inode.</summary>
    public (uint, uint, ulong) Identity => (DevMajor, DevMinor, Inode);

    /// <summary>Decodes struct statx (256 bytes, the same layout on every architecture).</summary>
    public static unsafe FileStatus Read(byte* b) => new(
        Mode: *(ushort*)(b + 28),
        Uid: *(int*)(b + 20),
        Gid: *(int*)(b + 24),
        Size: *(long*)(b + 40),
        MtimeSeconds: *(long*)(b + 112),
        MtimeNanoseconds: *(uint*)(b + 120),
        LinkCount: *(uint*)(b + 16),
        Inode: *(ulong*)(b + 32),
        DevMajor: *(uint*)(b + 136),
        DevMinor: *(uint*)(b + 140),
        RdevMajor: *(uint*)(b + 128),
        RdevMinor: *(uint*)(b + 132),
        MountId: *(ulong*)(b + 144),
        // STATX_ATTR_MOUNT_ROOT, when the kernel reports it (5.8+).
        IsMountRoot: (*(ulong*)(b + 8) & *(ulong*)(b + 56) & 0x2000) != 0);
}
