using System.Globalization;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Runtime;

/// <summary>Builds "runtime update" flags from the limits being changed. A null field is left as it is.</summary>
public static class RuntimeUpdateArguments
{
    /// <summary>The flags, without "update" and the id; empty when nothing changes.</summary>
    public static IReadOnlyList<string> Build(ResourceLimits limits)
    {
        var args = new List<string>();
        Add(args, "--cpu-period", limits.CpuPeriod);
        Add(args, "--cpu-quota", limits.CpuQuota);
        Add(args, "--cpu-share", limits.CpuShares);
        if (!string.IsNullOrEmpty(limits.CpusetCpus)) args.AddRange(["--cpuset-cpus", limits.CpusetCpus]);
        Add(args, "--memory", limits.MemoryBytes);
        Add(args, "--memory-swap", limits.MemorySwapBytes);
        Add(args, "--pids-limit", limits.PidsLimit);
        return args;
    }

    private static void Add(List<string> args, string flag, long? value)
    {
        if (value is { } v) args.AddRange([flag, v.ToString(CultureInfo.InvariantCulture)]);
    }
}
