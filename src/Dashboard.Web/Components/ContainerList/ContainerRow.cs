using Dashboard.Engine.Containers;
using Dashboard.Engine.Stats;

namespace Dashboard.Web.Components.ContainerList;

/// <summary>One line of the live table: the latest record plus the recent CPU and memory values kept by the page.</summary>
public sealed class ContainerRow(ContainerRecord record)
{
    public ContainerRecord Record { get; set; } = record;
    public SeriesRing Cpu { get; } = new();
    public SeriesRing Memory { get; } = new();
    /// <summary>Bytes; null when the container has no memory limit.</summary>
    public ulong? MemoryLimit { get; private set; }

    public string Id => Record.Id;

    public void Add(ContainerStats sample)
    {
        Cpu.Add(sample.Cpu.Percent);
        Memory.Add(sample.Memory.Usage);
        MemoryLimit = sample.Memory.Limit ?? (Record.Config.Resources.MemoryBytes is > 0 and var m ? (ulong)m : null);
    }
}
