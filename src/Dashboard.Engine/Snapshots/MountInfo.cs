using System.Text;

namespace Dashboard.Engine.Snapshots;

/// <summary>Reads mount points from /proc/self/mountinfo (field 5, octal escapes like \040 decoded).</summary>
public static class MountInfo
{
    public static IReadOnlyList<string> MountPoints(string mountInfoPath = "/proc/self/mountinfo") =>
        File.ReadLines(mountInfoPath).Select(ParseMountPoint).OfType<string>().ToList();

    public static bool IsMountPoint(string path, string mountInfoPath = "/proc/self/mountinfo")
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        return File.ReadLines(mountInfoPath).Any(line => ParseMountPoint(line) == full);
    }

    /// <summary>The mount point of one mountinfo line, or null when the line is malformed.</summary>
    public static string? ParseMountPoint(string line)
    {
        var fields = line.Split(' ');
        return fields.Length > 4 ? Unescape(fields[4]) : null;
    }

    /// <summary>The kernel writes space, tab, newline and backslash in mountinfo paths as octal escapes (\040 ...).</summary>
    internal static string Unescape(string field)
    {
        if (!field.Contains('\\')) return field;
        var bytes = new List<byte>(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 3 < field.Length
                && field[(i + 1)..(i + 4)].All(c => c is >= '0' and <= '7'))
            {
                bytes.Add(Convert.ToByte(field[(i + 1)..(i + 4)], 8));
                i += 3;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(field[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
