using System.Globalization;

namespace Dashboard.Engine.Inspection.Proc;

/// <summary>Parses /proc/PID/uid_map and gid_map ("inside outside length" per line) and maps ids through them.</summary>
internal static class IdMaps
{
    public static IReadOnlyList<IdMapRange> Parse(string? content)
    {
        var ranges = new List<IdMapRange>();
        foreach (var line in (content ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 3 && Long(f[0]) is { } inside && Long(f[1]) is { } outside && Long(f[2]) is { } length)
                ranges.Add(new IdMapRange(inside, outside, length));
        }
        return ranges;
    }

    /// <summary>The id inside the namespace for an id seen outside (in the reader's namespace), or null when the map
    /// has no range for it (the kernel shows such ids as the overflow id 65534).</summary>
    public static long? ToInside(IReadOnlyList<IdMapRange> map, long outsideId)
    {
        foreach (var range in map)
            if (outsideId >= range.Outside && outsideId < range.Outside + range.Length)
                return range.Inside + (outsideId - range.Outside);
        return null;
    }

    private static long? Long(string s) =>
        long.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
}
