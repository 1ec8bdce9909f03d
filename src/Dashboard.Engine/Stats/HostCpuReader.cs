using Dashboard.Engine.Cgroups;

namespace Dashboard.Engine.Stats;

/// <summary>Reads /proc/stat (kept open) for the host's total CPU time (Docker's system_cpu_usage) and online CPUs.</summary>
internal sealed class HostCpuReader(string procRoot) : IDisposable
{
    private readonly KernelFile? _stat = KernelFile.TryOpen(procRoot, "stat");

    public (ulong SystemUsageNanos, int OnlineCpus) Read()
    {
        if (_stat is null) return (0, Environment.ProcessorCount);
        var (jiffies, cpus) = ProcParsers.ProcStat(_stat.Read());
        return (jiffies * CgroupParsers.NanosPerUserHzTick, cpus > 0 ? cpus : Environment.ProcessorCount);
    }

    public void Dispose() => _stat?.Dispose();
}
