using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>--cpuset-mems and --blkio-weight. A weight the kernel cannot apply is refused, not dropped (Docker drops
/// it with a warning).</summary>
internal static class NumaAndIoRules
{
    public static string? CpusetMems(string? text, HostLimits host, ValidationErrors errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var value = text.Trim();
        if (!CpusetParser.TryParse(value, out var nodes, out _))
        {
            errors.Add("cpuset-mems", $"Invalid value {text} for cpuset mems: use memory node numbers and ranges like 0-1,3");
            return null;
        }
        CpusetParser.TryParse(host.MemoryNodes, out var available, out _);
        if (available is null || !nodes.IsSubsetOf(available))
        {
            errors.Add("cpuset-mems", $"Requested memory nodes are not available - requested {value}, available: {host.MemoryNodes}");
            return null;
        }
        return value;
    }

    public static int? BlkioWeight(int? weight, HostLimits host, ValidationErrors errors)
    {
        if (weight is null or 0) return null;
        if (weight is < 10 or > 1000)
        {
            errors.Add("blkio-weight", $"Range of blkio weight is from 10 to 1000 (got {weight})");
            return null;
        }
        if (!host.BlkioWeightSupported)
        {
            errors.Add("blkio-weight", "--blkio-weight is not supported on this host: its blkio cgroup has no weight file "
                + "(blkio.weight or blkio.bfq.weight on cgroup v1, io.weight on v2, which need the BFQ or CFQ I/O scheduler); leave it out");
            return null;
        }
        return weight;
    }
}
