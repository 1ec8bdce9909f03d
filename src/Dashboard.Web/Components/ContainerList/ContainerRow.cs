using Dashboard.Engine.Containers;
using Dashboard.Engine.Stats;

namespace Dashboard.Web.Components.ContainerList;

/// <summary>One line of the live table: the latest record plus the recent CPU and memory values kept by the page.</summary>
public sealed class ContainerRow(ContainerRecord record)
{
    public ContainerRecord Record { get; set; } = record;
    public SeriesRing Cpu { get; } = new();
    public SeriesRing Memory { get; } = new();
    /// <summary>The memory limit in effect (the stats', see EffectiveLimits); null when the container has none.</summary>
    public ulong? MemoryLimit { get; private set; }

    public string Id => Record.Id;

    public void Add(ContainerStats sample)
    {
        Cpu.Add(sample.Cpu.Percent);
        Memory.Add(sample.Memory.Usage);
        MemoryLimit = sample.Memory.Limit;
    }
}
