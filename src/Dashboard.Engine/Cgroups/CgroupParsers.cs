using System.Buffers.Text;

namespace Dashboard.Engine.Cgroups;

/// <summary>
/// The one family of parsers over the bytes of cgroup files (and the procfs files the stats read alongside them):
/// allocation-free, over spans, so the stats sampler can run them on kept-open handles every second. Lines are
/// "\n"-separated; fields are separated by spaces (or tabs). Unparseable input gives zero/null rather than an
/// exception: a sampler must keep going. Every "unlimited" the kernel writes ("max", "-1", v1's page-counter maximum)
/// reads as null.
/// </summary>
internal static class CgroupParsers
{
    /// <summary>
    /// v1 reports "no memory limit" as PAGE_COUNTER_MAX pages in bytes (9223372036854771712 on 4 KiB pages, a value
    /// that depends on the page size), so anything at or above 2^62 is treated as unlimited.
    /// </summary>
    public const ulong V1Unlimited = 1UL << 62;

    /// <summary>USER_HZ: the kernel reports /proc/stat and cpuacct.stat in 1/100 s on every Linux architecture.</summary>
    public const ulong NanosPerUserHzTick = 10_000_000;

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

    /// <summary>
    /// The "oom_kill" counter of v1 memory.oom_control (kernel 4.13+) or v2 memory.events; null when the file has
    /// none (older kernels report only "under_oom").
    /// </summary>
    public static ulong? OomKillCount(ReadOnlySpan<byte> content) => Keyed(content, "oom_kill"u8);

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
    public static (ulong ReadBytes, ulong WriteBytes, ulong ReadOps, ulong WriteOps) IoStat(ReadOnlySpan<byte> content)
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
        return (rb, wb, ro, wo);
    }

    /// <summary>A PSI file: "some avg10=.. avg60=.. avg300=.. total=.." and optionally a "full ..." line.</summary>
    public static PsiLine? Pressure(ReadOnlySpan<byte> content)
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
        return someAvg is null ? null : new PsiLine(someAvg.Value, fullAvg, someTotal, fullTotal);
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

    internal static bool Matches(string? text, ReadOnlySpan<byte> bytes)
    {
        if (text is null || text.Length != bytes.Length) return false;
        for (var i = 0; i < bytes.Length; i++)
            if (text[i] != bytes[i]) return false;
        return true;
    }

    internal static ReadOnlySpan<byte> NextLine(ref ReadOnlySpan<byte> content)
    {
        var newline = content.IndexOf((byte)'\n');
        ReadOnlySpan<byte> line;
        if (newline < 0) { line = content; content = []; }
        else { line = content[..newline]; content = content[(newline + 1)..]; }
        return line;
    }

    internal static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> s) => s.Trim(" \t\n\r\0"u8);
}

/// <summary>One pressure (PSI) file: avg10 of "some" (and "full" where the file has it) and total stall time in µs.</summary>
internal readonly record struct PsiLine(double SomeAvg10, double? FullAvg10, ulong SomeTotalMicros, ulong? FullTotalMicros);
