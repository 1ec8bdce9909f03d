namespace Dashboard.Engine.Stats;

/// <summary>
/// Accumulates the samples of one container within one UTC minute into a <see cref="StatsRollup"/>. Rates (network,
/// block I/O bytes per second) come from consecutive samples, so the first sample of a container gives none.
/// </summary>
internal sealed class MinuteRollup(string containerId, DateTimeOffset minute)
{
    private readonly Acc _cpu = new(), _mem = new(), _ws = new(), _pids = new(), _rx = new(), _tx = new(), _br = new(), _bw = new();
    private int _samples;
    private ulong _throttled;
    private ulong? _memoryLimit;
    private double? _cpuLimit;

    public DateTimeOffset Minute { get; } = minute;

    public static DateTimeOffset MinuteOf(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
    }

    public void Add(ContainerStats sample, ContainerStats? previous)
    {
        _samples++;
        _cpu.Add(sample.Cpu.Percent);
        _mem.Add(sample.Memory.Usage);
        _ws.Add(sample.Memory.WorkingSet);
        _pids.Add(sample.Pids.Current);
        _memoryLimit = sample.Memory.Limit;
        _cpuLimit = sample.Cpu.LimitCpus;
        if (previous is null) return;
        var seconds = (sample.Time - previous.Time).TotalSeconds;
        if (seconds <= 0) return;
        _throttled += StatsRates.Delta(sample.Cpu.ThrottledPeriods, previous.Cpu.ThrottledPeriods);
        var (rx, tx) = NetTotals(sample);
        var (prx, ptx) = NetTotals(previous);
        _rx.Add(StatsRates.Delta(rx, prx) / seconds);
        _tx.Add(StatsRates.Delta(tx, ptx) / seconds);
        _br.Add(StatsRates.Delta(sample.BlockIo.ReadBytes, previous.BlockIo.ReadBytes) / seconds);
        _bw.Add(StatsRates.Delta(sample.BlockIo.WriteBytes, previous.BlockIo.WriteBytes) / seconds);
    }

    public StatsRollup ToRollup() => new()
    {
        ContainerId = containerId,
        Minute = Minute,
        Samples = _samples,
        CpuPercent = _cpu.Result,
        MemoryUsage = _mem.Result,
        MemoryWorkingSet = _ws.Result,
        Pids = _pids.Result,
        NetworkRxRate = _rx.Result,
        NetworkTxRate = _tx.Result,
        BlockReadRate = _br.Result,
        BlockWriteRate = _bw.Result,
        ThrottledPeriods = _throttled,
        MemoryLimit = _memoryLimit,
        CpuLimit = _cpuLimit,
    };

    private static (ulong Rx, ulong Tx) NetTotals(ContainerStats s)
    {
        ulong rx = 0, tx = 0;
        foreach (var n in s.Networks) { rx += n.RxBytes; tx += n.TxBytes; }
        return (rx, tx);
    }

    private sealed class Acc
    {
        private double _min = double.MaxValue, _max = double.MinValue, _sum;
        private int _n;

        public void Add(double v)
        {
            _n++;
            _sum += v;
            if (v < _min) _min = v;
            if (v > _max) _max = v;
        }

        public MinAvgMax Result => _n == 0 ? new(0, 0, 0) : new(_min, _sum / _n, _max);
    }
}
