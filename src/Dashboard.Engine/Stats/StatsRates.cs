namespace Dashboard.Engine.Stats;

/// <summary>CPU percentages from two cumulative samples, the way docker stats computes them, never negative.</summary>
internal static class StatsRates
{
    /// <summary>Difference of two cumulative counters; 0 when the counter went backwards (cgroup re-created on restart).</summary>
    public static ulong Delta(ulong current, ulong previous) => current >= previous ? current - previous : 0;

    /// <summary>
    /// Percent of one CPU: container CPU delta over host CPU delta, times online CPUs (Docker's formula). When the host
    /// counter did not move (fixtures, very short intervals) the wall-clock delta is used instead.
    /// </summary>
    public static double PercentOfOneCpu(ulong usageDelta, ulong systemDelta, int onlineCpus, double wallNanos)
    {
        if (usageDelta == 0) return 0;
        if (systemDelta > 0 && onlineCpus > 0) return (double)usageDelta / systemDelta * onlineCpus * 100.0;
        return wallNanos > 0 ? usageDelta / wallNanos * 100.0 : 0;
    }

    /// <summary>Fills Percent, PercentOfHost and PercentOfLimit (of <see cref="CpuStats.LimitCpus"/>, the CPUs in effect)
    /// of <paramref name="cpu"/> from the previous sample.</summary>
    public static CpuStats WithRates(CpuStats cpu, CpuStats? previous, double wallNanos)
    {
        double percent = 0;
        if (previous is not null)
            percent = PercentOfOneCpu(Delta(cpu.UsageNanos, previous.UsageNanos), Delta(cpu.SystemUsageNanos, previous.SystemUsageNanos),
                cpu.OnlineCpus, wallNanos);
        var limit = cpu.LimitCpus;
        return cpu with
        {
            Percent = percent,
            PercentOfHost = cpu.OnlineCpus > 0 ? percent / cpu.OnlineCpus : 0,
            PercentOfLimit = limit is > 0 ? percent / limit.Value : null,
        };
    }
}
