using Dashboard.Engine.Events;
using Dashboard.Engine.Stats;

namespace Dashboard.Web.Components.Detail;

/// <summary>
/// Turns samples and rollups into the compact points charts.js draws: [unix ms, value, value]. CPU points carry the
/// percent of one core and the throttled periods since the previous point; memory points carry usage and working set;
/// PIDs points the current count; network and block I/O points two bytes/s rates (rx/tx, read/write).
/// </summary>
public static class ChartPoints
{
    public static double[] Cpu(ContainerStats sample, ContainerStats? previous)
    {
        var throttled = previous is null || sample.Cpu.ThrottledPeriods < previous.Cpu.ThrottledPeriods
            ? 0 : sample.Cpu.ThrottledPeriods - previous.Cpu.ThrottledPeriods;
        return [sample.Time.ToUnixTimeMilliseconds(), Math.Round(sample.Cpu.Percent, 2), throttled];
    }

    public static double[] Memory(ContainerStats sample) =>
        [sample.Time.ToUnixTimeMilliseconds(), sample.Memory.Usage, sample.Memory.WorkingSet];

    public static double[] Cpu(StatsRollup rollup) =>
        [rollup.Minute.ToUnixTimeMilliseconds(), Math.Round(rollup.CpuPercent.Avg, 2), rollup.ThrottledPeriods];

    public static double[] Memory(StatsRollup rollup) =>
        [rollup.Minute.ToUnixTimeMilliseconds(), rollup.MemoryUsage.Avg, rollup.MemoryWorkingSet.Avg];

    public static double[] Pids(ContainerStats sample) => [sample.Time.ToUnixTimeMilliseconds(), sample.Pids.Current];

    public static double[] Network(ContainerStats sample, ContainerStats? previous)
    {
        var (rx, tx) = CounterRates.Network(sample, previous);
        return [sample.Time.ToUnixTimeMilliseconds(), rx, tx];
    }

    public static double[] BlockIo(ContainerStats sample, ContainerStats? previous)
    {
        var (read, write) = CounterRates.BlockIo(sample, previous);
        return [sample.Time.ToUnixTimeMilliseconds(), read, write];
    }

    public static double[] Pids(StatsRollup rollup) => [rollup.Minute.ToUnixTimeMilliseconds(), Math.Round(rollup.Pids.Avg, 1)];

    public static double[] Network(StatsRollup rollup) =>
        [rollup.Minute.ToUnixTimeMilliseconds(), Math.Round(rollup.NetworkRxRate.Avg, 1), Math.Round(rollup.NetworkTxRate.Avg, 1)];

    public static double[] BlockIo(StatsRollup rollup) =>
        [rollup.Minute.ToUnixTimeMilliseconds(), Math.Round(rollup.BlockReadRate.Avg, 1), Math.Round(rollup.BlockWriteRate.Avg, 1)];

    /// <summary>The pids limit line, or null when the container has no pids limit.</summary>
    public static double? PidsLimit(ulong? limit) => limit is { } pids and > 0 ? pids : null;

    /// <summary>The CPU limit line in percent of one core (1.5 CPUs is 150 %), or null when unlimited.</summary>
    public static double? CpuLimit(double? limitCpus) => limitCpus is { } cpus and > 0 ? cpus * 100 : null;

    public static double? MemoryLimit(ulong? limit) => limit is { } bytes and > 0 ? bytes : null;

    public static object[] OomMarker(EngineEvent oom) =>
        [oom.Time.ToUnixTimeMilliseconds(), "OOM kill " + oom.Time.ToLocalTime().ToString("HH:mm:ss")];

    public static bool IsOomOf(EngineEvent e, string containerId) =>
        e.Type == EventTypes.Container && e.Action == EventActions.Oom && e.ActorId == containerId;
}
