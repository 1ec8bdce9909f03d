using System.Buffers.Text;
using static Dashboard.Engine.Cgroups.CgroupParsers;

namespace Dashboard.Engine.Stats;

/// <summary>The procfs files the stats read beside the cgroup ones (/proc/stat, /proc/PID/net/dev), parsed with the
/// helpers of <see cref="Cgroups.CgroupParsers"/>: allocation-free over spans.</summary>
internal static class ProcParsers
{
    /// <summary>/proc/stat: the "cpu" line's user..softirq jiffies (as Docker sums them) and the count of "cpuN" lines.</summary>
    public static (ulong TotalJiffies, int OnlineCpus) ProcStat(ReadOnlySpan<byte> content)
    {
        ulong total = 0;
        var cpus = 0;
        while (!content.IsEmpty)
        {
            var line = NextLine(ref content);
            if (!line.StartsWith("cpu"u8)) break; // cpu lines come first
            if (line.Length > 3 && line[3] != (byte)' ') { cpus++; continue; }
            var field = 0;
            foreach (var range in line.Split((byte)' '))
            {
                var part = line[range];
                if (part.IsEmpty) continue;
                if (field > 0 && field <= 7 && Utf8Parser.TryParse(part, out ulong v, out _)) total += v;
                field++;
            }
        }
        return (total, cpus);
    }

    /// <summary>
    /// /proc/PID/net/dev: every interface. <paramref name="names"/> caches interface name strings between samples so a
    /// steady state allocates no strings.
    /// </summary>
    public static List<NetworkInterfaceStats> NetDev(ReadOnlySpan<byte> content, List<string> names)
    {
        var result = new List<NetworkInterfaceStats>(4);
        Span<ulong> f = stackalloc ulong[16];
        while (!content.IsEmpty)
        {
            var line = NextLine(ref content);
            var colon = line.IndexOf((byte)':');
            if (colon < 0) continue; // the two header lines have '|' not ':'
            var name = Trim(line[..colon]);
            var rest = line[(colon + 1)..];
            var n = 0;
            foreach (var range in rest.Split((byte)' '))
            {
                var part = rest[range];
                if (part.IsEmpty) continue;
                if (n < f.Length && Utf8Parser.TryParse(part, out ulong v, out _)) f[n] = v;
                n++;
            }
            if (n < 12) continue;
            result.Add(new NetworkInterfaceStats(CachedName(name, names), f[0], f[1], f[2], f[3], f[8], f[9], f[10], f[11]));
        }
        return result;
    }

    private static string CachedName(ReadOnlySpan<byte> name, List<string> names)
    {
        foreach (var cached in names)
            if (cached.Length == name.Length && Matches(cached, name)) return cached;
        var created = System.Text.Encoding.ASCII.GetString(name);
        names.Add(created);
        return created;
    }
}
