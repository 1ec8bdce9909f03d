namespace Dashboard.Engine.ContainerFiles;

/// <summary>
/// What a path in a container is, as `docker cp` asks before copying (Docker's ContainerPathStat): its base name as the
/// client gave it, size, mode (the st_mode bits, type included), modification time, and for a symlink the path it
/// finally leads to inside the container (every symlink resolved in the container's root), else "".
/// </summary>
public sealed record PathStat(string Name, long Size, uint Mode, DateTimeOffset Mtime, string LinkTarget)
{
    public bool IsDirectory => (Mode & 0xF000) == 0x4000;
    public bool IsSymlink => (Mode & 0xF000) == 0xA000;
}

/// <summary>How a PUT extracts its archive (Docker's PutContainerArchive query).</summary>
/// <param name="NoOverwriteDirNonDir">Refuse to replace an existing directory with a non-directory and vice versa.</param>
/// <param name="CopyUidGid">Give every extracted file the container's user and group (its configured user, resolved in
/// its own /etc/passwd) instead of the ids in the archive; without a configured user the archive's ids stay.</param>
public sealed record ExtractOptions(bool NoOverwriteDirNonDir = false, bool CopyUidGid = false);
