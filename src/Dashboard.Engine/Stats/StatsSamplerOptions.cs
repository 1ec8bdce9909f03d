namespace Dashboard.Engine.Stats;

/// <summary>Settings of the <see cref="StatsSampler"/> (from Engine:StatsInterval, StatsRingMinutes, StatsRollupDays).</summary>
public sealed record StatsSamplerOptions
{
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);
    public int RingMinutes { get; init; } = 15;
    public int RollupDays { get; init; } = 7;
    /// <summary>How often rollups older than <see cref="RollupDays"/> are deleted.</summary>
    public TimeSpan PruneEvery { get; init; } = TimeSpan.FromHours(1);
    /// <summary>Where /proc is (fixtures in tests).</summary>
    public string ProcRoot { get; init; } = "/proc";
    /// <summary>The host's memory (HostInfo.MemoryBytes): a memory limit not below it is no limit in effect. 0 when
    /// unknown (tests).</summary>
    public ulong HostMemoryBytes { get; init; }

    /// <summary>Samples per container in the ring: RingMinutes of samples at Interval.</summary>
    public int RingCapacity => (int)Math.Max(2, Math.Ceiling(RingMinutes * 60.0 / Interval.TotalSeconds));
}
