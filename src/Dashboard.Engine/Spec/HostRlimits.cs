using System.Globalization;

namespace Dashboard.Engine.Spec;

/// <summary>
/// The daemon's own hard rlimits, read from /proc/self/limits, to fill <see cref="OciSpecInput.HostNofileHardLimit"/>
/// and <see cref="OciSpecInput.HostNprocHardLimit"/>: runc cannot raise a hard limit above its own, so asking for
/// more makes every container start fail. Not pure; read once at start.
/// </summary>
public sealed record HostRlimits(ulong? NofileHard, ulong? NprocHard)
{
    public static HostRlimits Read(string limitsPath = "/proc/self/limits") => Parse(File.ReadAllText(limitsPath));

    /// <summary>Parses the /proc/PID/limits table; "unlimited" is null.</summary>
    public static HostRlimits Parse(string text)
    {
        ulong? nofile = null, nproc = null;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("Max open files", StringComparison.Ordinal)) nofile = Hard(line["Max open files".Length..]);
            else if (line.StartsWith("Max processes", StringComparison.Ordinal)) nproc = Hard(line["Max processes".Length..]);
        }
        return new HostRlimits(nofile, nproc);
    }

    // The rest of the line is "<soft> <hard> <units>".
    private static ulong? Hard(string rest)
    {
        var fields = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 2 && ulong.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
    }
}
