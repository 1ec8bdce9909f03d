using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Dashboard.Engine.Spec.Parsing;

/// <summary>cpuset lists like "0-2,4" (docker <c>--cpuset-cpus</c>, the kernel's cpuset.cpus format).</summary>
public static class CpusetParser
{
    /// <summary>The CPUs in the list, sorted and without duplicates.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SortedSet<int>? cpus, [NotNullWhen(false)] out string? error)
    {
        cpus = null;
        error = $"Invalid value {text} for cpuset cpus: use CPU numbers and ranges like 0-2,4";
        if (string.IsNullOrWhiteSpace(text)) return false;
        var set = new SortedSet<int>();
        foreach (var part in text.Split(','))
        {
            var dash = part.IndexOf('-');
            var first = dash < 0 ? part : part[..dash];
            var last = dash < 0 ? part : part[(dash + 1)..];
            if (!int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var from)
                || !int.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var to))
                return false;
            if (from > to)
            {
                error = $"Invalid value {text} for cpuset cpus: the range {part} runs backwards";
                return false;
            }
            if (to > 8191) return false; // far above any kernel's NR_CPUS; also bounds the loop below
            for (var cpu = from; cpu <= to; cpu++) set.Add(cpu);
        }
        cpus = set;
        error = null;
        return true;
    }
}
