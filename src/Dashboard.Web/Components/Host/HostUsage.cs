using Dashboard.Engine.Containers;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Stats;

namespace Dashboard.Web.Components.Host;

/// <summary>The containers' combined share of the host: CPU against all CPUs, memory (working set) against RAM.</summary>
public sealed record HostUsage(int Running, double CpuPercentOfHost, ulong MemoryBytes, double MemoryPercentOfHost)
{
    public static HostUsage From(StatsTick tick, HostInfo host)
    {
        var cpus = Math.Max(1, host.CpuCount);
        // Cpu.Percent is "percent of one CPU" (docker stats); the host has cpus * 100 of it.
        var cpu = tick.Samples.Sum(s => s.Cpu.Percent) / cpus;
        var memory = tick.Samples.Aggregate(0UL, (sum, s) => sum + (s.Memory.WorkingSet > 0 ? s.Memory.WorkingSet : s.Memory.Usage));
        var memoryPercent = host.MemoryBytes > 0 ? 100.0 * memory / host.MemoryBytes : 0;
        return new HostUsage(tick.Samples.Count, Math.Min(100, cpu), memory, memoryPercent);
    }

    /// <summary>Container counts per status, in the order the page lists them (statuses with none are left out).</summary>
    public static IReadOnlyList<(ContainerStatus Status, int Count)> CountByStatus(IEnumerable<ContainerRecord> containers) =>
        containers.GroupBy(c => c.State.Status).OrderBy(g => g.Key).Select(g => (g.Key, g.Count())).ToList();
}
