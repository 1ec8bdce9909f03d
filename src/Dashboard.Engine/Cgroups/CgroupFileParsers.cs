using System.Globalization;

namespace Dashboard.Engine.Cgroups;

/// <summary>Pure parsers for the text the kernel writes in cgroup files. Each returns null for "unlimited".</summary>
public static class CgroupFileParsers
{
    /// <summary>
    /// v1 reports "no memory limit" as PAGE_COUNTER_MAX pages in bytes (9223372036854771712 on 4 KiB pages, a value
    /// that depends on the page size), so anything at or above 2^62 is treated as unlimited.
    /// </summary>
    public const long V1UnlimitedThreshold = 1L << 62;

    /// <summary>A v1 number file: "-1" and huge page-counter values mean unlimited.</summary>
    public static long? ParseV1Limit(string? content)
    {
        if (!TryParseLong(content, out var value)) return null;
        return value < 0 || value >= V1UnlimitedThreshold ? null : value;
    }

    /// <summary>A plain number (cpu.shares, cpu.cfs_period_us, cpu.weight, memory.usage_in_bytes, memory.current).</summary>
    public static long? ParseNumber(string? content) => TryParseLong(content, out var value) ? value : null;

    /// <summary>A v2 single-value limit ("max" or a number), also v1/v2 pids.max.</summary>
    public static long? ParseMax(string? content)
    {
        var text = content?.Trim();
        if (string.IsNullOrEmpty(text) || text == "max") return null;
        return TryParseLong(text, out var value) ? value : null;
    }

    /// <summary>v2 cpu.max: "QUOTA PERIOD" where QUOTA may be "max".</summary>
    public static (long? Quota, long? Period) ParseCpuMax(string? content)
    {
        var parts = (content ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) return (null, null);
        var quota = ParseMax(parts[0]);
        var period = parts.Length > 1 ? ParseNumber(parts[1]) : null;
        return (quota, period);
    }

    /// <summary>
    /// A flat keyed file ("key value" per line): v1 memory.oom_control, memory.stat, v2 memory.events, cpu.stat.
    /// Lines that do not parse are skipped.
    /// </summary>
    public static IReadOnlyDictionary<string, long> ParseFlatKeyed(string? content)
    {
        var result = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var line in (content ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (parts.Length == 2 && TryParseLong(parts[1], out var value)) result[parts[0]] = value;
        }
        return result;
    }

    /// <summary>
    /// The "oom_kill" counter of v1 memory.oom_control (kernel 4.13+) or v2 memory.events; null when the file has
    /// none (older kernels report only "under_oom").
    /// </summary>
    public static long? ParseOomKillCount(string? content) =>
        ParseFlatKeyed(content).TryGetValue("oom_kill", out var count) ? count : null;

    private static bool TryParseLong(string? content, out long value) =>
        long.TryParse(content?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}
