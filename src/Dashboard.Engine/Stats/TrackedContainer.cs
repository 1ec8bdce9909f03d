namespace Dashboard.Engine.Stats;

/// <summary>What the sampler holds for one container: open files while it runs, and its history until removed.</summary>
internal sealed class TrackedContainer(string id, int ringCapacity)
{
    public string Id { get; } = id;
    public StatsRing Ring { get; } = new(ringCapacity);
    /// <summary>Open while the container is alive; null once it stopped.</summary>
    public CgroupStatsReader? Reader { get; set; }
    public int? Pid { get; set; }
    /// <summary>The previous tick's sample of the current run (null right after a (re)start: no rates yet).</summary>
    public ContainerStats? Previous { get; set; }
    public MinuteRollup? Rollup { get; set; }
    /// <summary>When the engine removed the container; its history is dropped one ring window later.</summary>
    public DateTimeOffset? RemovedAt { get; set; }

    public void Close()
    {
        Reader?.Dispose();
        Reader = null;
        Pid = null;
        Previous = null;
    }
}
