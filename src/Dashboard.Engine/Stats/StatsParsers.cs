using System.Buffers.Text;

namespace Dashboard.Engine.Stats;

/// <summary>
/// Allocation-free parsers over the bytes of cgroup and procfs files. Lines are "\n"-separated; fields are separated
/// by spaces (or tabs). Unparseable input gives zero/null rather than an exception: a sampler must keep going.
/// </summary>
internal static class StatsParsers
{
    /// <summary>v1 page-counter "unlimited" (PAGE_COUNTER_MAX * page size) and anything near it.</summary>
    public const ulong V1Unlimited = 1UL << 62;

    /// <summary>The first number in the content (single-value files), or null.</summary>
    public static ulong? Number(ReadOnlySpan<byte> content)
    {
        content = Trim(content);
        if (content.IsEmpty) return null;
        return Utf8Parser.TryParse(content, out ulong value, out _) ? value : null;
    }

    /// <summary>A limit file: "max", "-1" or a v1 "unlimited" page-counter value give null.</summary>
    public static ulong? Limit(ReadOnlySpan<byte> content)
    {
        content = Trim(content);
        if (content.IsEmpty || content.SequenceEqual("max"u8) || content[0] == (byte)'-') return null;
        if (!Utf8Parser.TryParse(content, out ulong value, out _)) return null;
        return value >= V1Unlimited ? null : value;
    }

    /// <summary>The value of "key value" in a flat keyed file (memory.stat, cpu.stat, memory.events, oom_control).</summary>
    public static ulong? Keyed(ReadOnlySpan<byte> content, ReadOnlySpan<byte> key)
    {
        while (!content.IsEmpty)
        {
            var line = NextLine(ref content);
            if (line.Length > key.Length && line.StartsWith(key) && (line[key.Length] == (byte)' ' || line[key.Length] == (byte)'\t'))
            {
                return Utf8Parser.TryParse(Trim(line[(key.Length + 1)..]), out ulong value, out _) ? value : null;
            }
        }
        return null;
    }

    /// <summary>v1 "cpu.cfs_quota_us" style signed number ("-1" = unlimited -> null).</summary>
    public static long? Signed(ReadOnlySpan<byte> content)
    {
        content = Trim(content);
        if (content.IsEmpty || !Utf8Parser.TryParse(content, out long value, out _)) return null;
        return value < 0 ? null : value;
    }

    /// <summary>v2 cpu.max "QUOTA PERIOD" (QUOTA may be "max").</summary>
    public static (ulong? Quota, ulong? Period) CpuMax(ReadOnlySpan<byte> content)
    {
        content = Trim(content);
        var space = content.IndexOf((byte)' ');
        if (space < 0) return (Limit(content), null);
        return (Limit(content[..space]), Number(content[(space + 1)..]));
    }

    /// <summary>v1 cpuacct.usage_percpu: numbers separated by spaces.</summary>
    public static ulong[] NumberList(ReadOnlySpan<byte> content)
    {
        content = Trim(content);
        var count = 0;
        foreach (var _ in content.Split((byte)' ')) count++;
        var result = new ulong[content.IsEmpty ? 0 : count];
        var i = 0;
        foreach (var range in content.Split((byte)' '))
        {
            if (i < result.Length && Utf8Parser.TryParse(content[range], out ulong v, out _)) result[i] = v;
            i++;
        }
        return result;
    }

    /// <summary>A cpuset list ("0-3,5") -> number of CPUs; 0 when empty.</summary>
    public static int CpusetSize(ReadOnlySpan<byte> content)
    {
        content = Trim(content);
        var total = 0;
        foreach (var range in content.Split((byte)','))
        {
            var part = content[range];
            if (part.IsEmpty) continue;
            var dash = part.IndexOf((byte)'-');
            if (dash < 0) { total++; continue; }
            if (Utf8Parser.TryParse(part[..dash], out int lo, out _) && Utf8Parser.TryParse(part[(dash + 1)..], out int hi, out _) && hi >= lo)
                total += hi - lo + 1;
        }
        return total;
    }

    /// <summary>v1 blkio.throttle.io_service_bytes(_recursive) / io_serviced: sums "MAJ:MIN Read N" and "MAJ:MIN Write N".</summary>
    public static (ulong Read, ulong Write) BlkioReadWrite(ReadOnlySpan<byte> content)
    {
        ulong read = 0, write = 0;
        while (!content.IsEmpty)
        {
            var line = NextLine(ref content);
            var first = line.IndexOf((byte)' ');
            if (first < 0) continue; // the "Total N" line has one space but no device; skipped below
            var rest = line[(first + 1)..];
            var second = rest.IndexOf((byte)' ');
            if (second < 0) continue;
            var op = rest[..second];
            if (!Utf8Parser.TryParse(Trim(rest[(second + 1)..]), out ulong value, out _)) continue;
            if (op.SequenceEqual("Read"u8)) read += value;
            else if (op.SequenceEqual("Write"u8)) write += value;
        }
        return (read, write);
    }

    /// <summary>v2 io.stat: "MAJ:MIN rbytes=.. wbytes=.. rios=.. wios=.. ..." summed over devices.</summary>
    public static BlockIoStats IoStat(ReadOnlySpan<byte> content)
    {
        ulong rb = 0, wb = 0, ro = 0, wo = 0;
        while (!content.IsEmpty)
        {
            var line = NextLine(ref content);
            foreach (var range in line.Split((byte)' '))
            {
                var field = line[range];
                var eq = field.IndexOf((byte)'=');
                if (eq < 0 || !Utf8Parser.TryParse(field[(eq + 1)..], out ulong v, out _)) continue;
                var key = field[..eq];
                if (key.SequenceEqual("rbytes"u8)) rb += v;
                else if (key.SequenceEqual("wbytes"u8)) wb += v;
                else if (key.SequenceEqual("rios"u8)) ro += v;
                else if (key.SequenceEqual("wios"u8)) wo += v;
            }
        }
        return new BlockIoStats(rb, wb, ro, wo);
    }

    /// <summary>A PSI file: "some avg10=.. avg60=.. avg300=.. total=.." and optionally a "full ..." line.</summary>
    public static PressureLine? Pressure(ReadOnlySpan<byte> content)
    {
        double? someAvg = null, fullAvg = null;
        ulong someTotal = 0;
        ulong? fullTotal = null;
        while (!content.IsEmpty)
        {
            var line = NextLine(ref content);
            var isSome = line.StartsWith("some "u8);
            if (!isSome && !line.StartsWith("full "u8)) continue;
            double avg = 0;
            ulong total = 0;
            foreach (var range in line.Split((byte)' '))
            {
                var field = line[range];
                if (field.StartsWith("avg10="u8)) Utf8Parser.TryParse(field[6..], out avg, out _);
                else if (field.StartsWith("total="u8)) Utf8Parser.TryParse(field[6..], out total, out _);
            }
            if (isSome) { someAvg = avg; someTotal = total; }
            else { fullAvg = avg; fullTotal = total; }
        }
        return someAvg is null ? null : new PressureLine(someAvg.Value, fullAvg, someTotal, fullTotal);
    }

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

    /// <summary>
    /// memory.stat as a dictionary. <paramref name="keys"/> holds the key strings of the previous sample and is
    /// replaced (copy-on-write, as earlier samples share it) only when the kernel's keys change.
    /// </summary>
    public static StatValues KeyedAll(ReadOnlySpan<byte> content, ref string[] keys)
    {
        var values = new ulong[Math.Max(keys.Length, 8)];
        var owned = false;
        var index = 0;
        while (!content.IsEmpty)
        {
            var line = NextLine(ref content);
            var space = line.IndexOf((byte)' ');
            if (space <= 0 || !Utf8Parser.TryParse(Trim(line[(space + 1)..]), out ulong v, out _)) continue;
            var key = line[..space];
            if (index >= keys.Length || !Matches(keys[index], key))
            {
                if (!owned)
                {
                    keys = (string[])keys.Clone();
                    owned = true;
                }
                if (index >= keys.Length) Array.Resize(ref keys, Math.Max(8, keys.Length * 2));
                keys[index] = System.Text.Encoding.ASCII.GetString(key);
            }
            if (index >= values.Length) Array.Resize(ref values, values.Length * 2);
            values[index++] = v;
        }
        return new StatValues(keys, values, index);
    }

    private static string CachedName(ReadOnlySpan<byte> name, List<string> names)
    {
        foreach (var cached in names)
            if (cached.Length == name.Length && Matches(cached, name)) return cached;
        var created = System.Text.Encoding.ASCII.GetString(name);
        names.Add(created);
        return created;
    }

    private static bool Matches(string? text, ReadOnlySpan<byte> bytes)
    {
        if (text is null || text.Length != bytes.Length) return false;
        for (var i = 0; i < bytes.Length; i++)
            if (text[i] != bytes[i]) return false;
        return true;
    }

    private static ReadOnlySpan<byte> NextLine(ref ReadOnlySpan<byte> content)
    {
        var newline = content.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line;
        if (newline < 0) { line = content; content = []; }
        else { line = content[..newline]; content = content[(newline + 1)..]; }
        return line;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s) => s.Trim(" \t\n\r\0"u8);
}
