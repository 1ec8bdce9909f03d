using Dashboard.Engine.Snapshots;

namespace Dashboard.Engine.Cgroups;

/// <summary>One line of /proc/PID/mountinfo: what cgroup detection and the namespace inspector's mount table need.</summary>
/// <param name="MountOptions">The per-mount options (field 6: "rw,nosuid,nodev"), as opposed to the file system's
/// <paramref name="SuperOptions"/>; "ro" here is what makes a mount read-only.</param>
internal sealed record MountInfoEntry(string Root, string MountPoint, string FileSystemType, string Source, string SuperOptions,
    string MountOptions = "")
{
    /// <summary>
    /// Format (proc(5)): "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS".
    /// The optional fields vary in number, so the separator " - " splits the line. Null for malformed lines.
    /// </summary>
    public static MountInfoEntry? TryParse(string line)
    {
        var separator = line.IndexOf(" - ", StringComparison.Ordinal);
        if (separator < 0) return null;
        var left = line[..separator].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var right = line[(separator + 3)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (left.Length < 6 || right.Length < 2) return null;
        return new MountInfoEntry(
            MountInfo.Unescape(left[3]),
            MountInfo.Unescape(left[4]),
            right[0],
            right[1],
            right.Length > 2 ? right[2] : "",
            left[5]);
    }
}
