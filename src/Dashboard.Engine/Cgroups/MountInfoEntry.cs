using System.Text;

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
            Unescape(left[3]),
            Unescape(left[4]),
            right[0],
            right[1],
            right.Length > 2 ? right[2] : "",
            left[5]);
    }

    /// <summary>The kernel writes space, tab, newline and backslash in paths as octal escapes (\040 ...).</summary>
    internal static string Unescape(string value)
    {
        if (!value.Contains('\\')) return value;
        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] == '\\' && IsOctal(value, i + 1))
            {
                builder.Append((char)Convert.ToInt32(value.Substring(i + 1, 3), 8));
                i += 3;
            }
            else
            {
                builder.Append(value[i]);
            }
        }
        return builder.ToString();
    }

    private static bool IsOctal(string value, int start)
    {
        if (start + 3 > value.Length) return false;
        for (var i = start; i < start + 3; i++)
            if (value[i] < '0' || value[i] > '7') return false;
        return true;
    }
}
