using Dashboard.Engine.Stats;

namespace Dashboard.Web.Components.Detail;

/// <summary>The points of one init or append call, one list per chart, filled from samples or from rollups.</summary>
public sealed class ChartBatch
{
    public List<double[]> Cpu { get; } = [];
    public List<double[]> Memory { get; } = [];
    public List<double[]> Pids { get; } = [];
    public List<double[]> Network { get; } = [];
    public List<double[]> BlockIo { get; } = [];

    public void Add(ContainerStats sample, ContainerStats? previous)
    {
        Cpu.Add(ChartPoints.Cpu(sample, previous));
        Memory.Add(ChartPoints.Memory(sample));
        Pids.Add(ChartPoints.Pids(sample));
        Network.Add(ChartPoints.Network(sample, previous));
        BlockIo.Add(ChartPoints.BlockIo(sample, previous));
    }

    public void Add(StatsRollup rollup)
    {
        Cpu.Add(ChartPoints.Cpu(rollup));
        Memory.Add(ChartPoints.Memory(rollup));
        Pids.Add(ChartPoints.Pids(rollup));
        Network.Add(ChartPoints.Network(rollup));
        BlockIo.Add(ChartPoints.BlockIo(rollup));
    }
}
