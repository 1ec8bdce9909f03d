namespace Dashboard.Web.DockerApi;

/// <summary>
/// Go's os.FileMode, which Docker's path stat carries: the nine permission bits, and the file type and set-id/sticky
/// bits moved to the top of the word (ModeDir is 1&lt;&lt;31, ModeSymlink 1&lt;&lt;27, ...). The docker CLI tests them to
/// tell a directory or a symlink from a file, so st_mode itself would be misread.
/// </summary>
public static class GoFileMode
{
    public const uint ModeDir = 1u << 31;
    public const uint ModeSymlink = 1u << 27;
    public const uint ModeDevice = 1u << 26;
    public const uint ModeNamedPipe = 1u << 25;
    public const uint ModeSocket = 1u << 24;
    public const uint ModeSetuid = 1u << 23;
    public const uint ModeSetgid = 1u << 22;
    public const uint ModeCharDevice = 1u << 21;
    public const uint ModeSticky = 1u << 20;

    /// <summary>Go's fillFileStatFromSys: st_mode to os.FileMode.</summary>
    public static uint FromUnix(uint mode)
    {
        var result = mode & 0x1FF;
        result |= (mode & 0xF000) switch
        {
            0x4000 => ModeDir,
            0xA000 => ModeSymlink,
            0x6000 => ModeDevice,
            0x2000 => ModeDevice | ModeCharDevice,
            0x1000 => ModeNamedPipe,
            0xC000 => ModeSocket,
            _ => 0,
        };
        if ((mode & 0x800) != 0) result |= ModeSetuid;
        if ((mode & 0x400) != 0) result |= ModeSetgid;
        if ((mode & 0x200) != 0) result |= ModeSticky;
        return result;
    }
}
