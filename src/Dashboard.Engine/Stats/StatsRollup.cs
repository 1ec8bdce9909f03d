namespace Dashboard.Engine.Stats;

/// <summary>Per-minute min/avg/max of the figures graphs show, kept in SQLite for days.</summary>
public sealed record StatsRollup
{
    public required string ContainerId { get; init; }
    /// <summary>Start of the minute (UTC, seconds zero).</summary>
    public required DateTimeOffset Minute { get; init; }
    public int Samples { get; init; }
    public MinAvgMax CpuPercent { get; init; } = new(0, 0, 0);
    public MinAvgMax MemoryUsage { get; init; } = new(0, 0, 0);
    public MinAvgMax MemoryWorkingSet { get; init; } = new(0, 0, 0);
    public MinAvgMax Pids { get; init; } = new(0, 0, 0);
    /// <summary>Bytes per second over the minute.</summary>
    public MinAvgMax NetworkRxRate { get; init; } = new(0, 0, 0);
    public MinAvgMax NetworkTxRate { get; init; } = new(0, 0, 0);
    public MinAvgMax BlockReadRate { get; init; } = new(0, 0, 0);
    public MinAvgMax BlockWriteRate { get; init; } = new(0, 0, 0);
    /// <summary>Throttled periods counted in this minute.</summary>
    public ulong ThrottledPeriods { get; init; }
    public ulong? MemoryLimit { get; init; }
    public double? CpuLimit { get; init; }
}

public readonly record struct MinAvgMax(double Min, double Avg, double Max);
