namespace Dashboard.Contracts.Containers;

/// <summary>
/// What a path in a container is, as /api/containers/{ref}/archive reports it (base64 of this JSON in the
/// <see cref="HeaderName"/> header of HEAD and GET). <see cref="Mode"/> is st_mode (type and permission bits, e.g. 0x41ED
/// for a 0755 directory); <see cref="Type"/> names the type; <see cref="LinkTarget"/> is, for a symlink, the path it
/// finally leads to inside the container, else "".
/// </summary>
public sealed record PathStatDto(string Name, long Size, uint Mode, string Type, DateTimeOffset Mtime, string LinkTarget)
{
    public const string HeaderName = "X-Dashboard-Path-Stat";

    public const string Directory = "directory";
    public const string File = "file";
    public const string Symlink = "symlink";

    /// <summary>The <see cref="Type"/> of an st_mode: file, directory, symlink, char-device, block-device, fifo, socket.</summary>
    public static string TypeOf(uint mode) => (mode & 0xF000) switch
    {
        0x4000 => Directory,
        0xA000 => Symlink,
        0x2000 => "char-device",
        0x6000 => "block-device",
        0x1000 => "fifo",
        0xC000 => "socket",
        _ => File,
    };
}
