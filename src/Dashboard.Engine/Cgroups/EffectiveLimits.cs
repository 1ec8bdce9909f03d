namespace Dashboard.Engine.Cgroups;

/// <summary>
/// What a container may use, one rule per resource, from what its cgroup holds (the kernel's figures, which a live
/// update changes and which the kernel rounds) and the host. The stats carry the results
/// (<c>MemoryStats.Limit</c>, <c>CpuStats.LimitCpus</c>), and every view of a limit (charts, sparklines, the Docker and
/// native APIs, metrics, dashctl) reads them there: an unlimited container has none, and a view that shows a number
/// for it (Docker's stats show the host's memory) says so itself. What the user configured is another fact,
/// <c>ResourceLimits</c>: inspect and the Limits tab show that.
/// </summary>
public static class EffectiveLimits
{
    /// <summary>
    /// The memory limit in effect: the one the memory cgroup holds, unless it is none or not below the host's memory
    /// (a limit the host cannot reach limits nothing); null then. <paramref name="hostMemoryBytes"/> 0 means unknown.
    /// </summary>
    public static ulong? MemoryBytes(ulong? cgroupLimit, ulong hostMemoryBytes) =>
        cgroupLimit is { } limit && (hostMemoryBytes == 0 || limit < hostMemoryBytes) ? limit : null;

    /// <summary>
    /// The CPUs in effect: the CFS quota over its period, bounded by the size of the cpuset; the cpuset alone when there
    /// is no quota; null when neither bounds the container below the host's CPUs (<paramref name="hostCpus"/> 0 means
    /// unknown).
    /// </summary>
    public static double? Cpus(double? quotaCpus, int cpusetSize, int hostCpus)
    {
        double? limit = quotaCpus is > 0
            ? cpusetSize > 0 ? Math.Min(quotaCpus.Value, cpusetSize) : quotaCpus
            : cpusetSize > 0 ? cpusetSize : null;
        return limit is { } cpus && (hostCpus <= 0 || cpus < hostCpus) ? cpus : null;
    }
}
