using System.Globalization;

namespace Dashboard.Engine.Spec;

/// <summary>
/// The daemon's own hard rlimits, read from /proc/self/limits, to fill <see cref="OciSpecInput.HostNofileHardLimit"/>
/// and <see cref="OciSpecInput.HostNprocHardLimit"/>: runc cannot raise a hard limit above its own, so asking for
/// more makes every container start fail. Not pure; read once at start.
/// </summary>
public sealed record HostRlimits(ulong? NofileHard, ulong? NprocHard)
{
    /// <summary>The rows of /proc/PID/limits by Docker's ulimit name.</summary>
    private static readonly (string Row, string Name)[] s_rows =
    [
        ("Max cpu time", "cpu"), ("Max file size", "fsize"), ("Max data size", "data"), ("Max stack size", "stack"),
        ("Max core file size", "core"), ("Max resident set", "rss"), ("Max processes", "nproc"),
        ("Max open files", "nofile"), ("Max locked memory", "memlock"), ("Max address space", "as"),
        ("Max file locks", "locks"), ("Max pending signals", "sigpending"), ("Max msgqueue size", "msgqueue"),
        ("Max nice priority", "nice"), ("Max realtime priority", "rtprio"), ("Max realtime timeout", "rttime"),
    ];

    /// <summary>Every hard limit by Docker's ulimit name ("nofile"); null is unlimited.</summary>
    public IReadOnlyDictionary<string, ulong?> Hard { get; init; } = new Dictionary<string, ulong?>();

    public static HostRlimits Read(string limitsPath = "/proc/self/limits") => Parse(File.ReadAllText(limitsPath));

    /// <summary>Parses the /proc/PID/limits table; "unlimited" is null.</summary>
    public static HostRlimits Parse(string text)
    {
        var hard = new Dictionary<string, ulong?>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
            foreach (var (row, name) in s_rows)
                if (line.StartsWith(row, StringComparison.Ordinal)) hard[name] = HardLimit(line[row.Length..]);
        return new HostRlimits(hard.GetValueOrDefault("nofile"), hard.GetValueOrDefault("nproc")) { Hard = hard };
    }

    // The rest of the line is "<soft> <hard> <units>".
    private static ulong? HardLimit(string rest)
    {
        var fields = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return fields.Length >= 2 && ulong.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
    }
}
