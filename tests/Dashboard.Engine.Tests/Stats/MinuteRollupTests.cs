using Dashboard.Engine.Stats;

namespace Dashboard.Engine.Tests.Stats;

public sealed class MinuteRollupTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 5, 7, 0, TimeSpan.Zero);

    private static ContainerStats S(int second, double cpu, ulong mem, ulong throttled, ulong rx, ulong read) => new()
    {
        ContainerId = "c",
        Time = T0.AddSeconds(second),
        Cpu = new CpuStats { Percent = cpu, ThrottledPeriods = throttled, LimitCpus = 0.25 },
        Memory = new MemoryStats { Usage = mem, WorkingSet = mem / 2, Limit = 1000 },
        Pids = new PidsStats(2),
        BlockIo = new BlockIoStats(ReadBytes: read),
        Networks = [new NetworkInterfaceStats("lo", rx, 0, 0, 0, 0, 0, 0, 0), new NetworkInterfaceStats("eth0", rx, 0, 0, 0, 0, 0, 0, 0)],
    };

    [Fact]
    public void Aggregates_min_avg_max_rates_and_throttling_of_one_minute()
    {
        var rollup = new MinuteRollup("c", T0);
        var a = S(0, 10, 100, 5, 0, 0);
        var b = S(2, 20, 300, 9, 1000, 4000);   // rx: 2 ifaces x 1000 B over 2 s = 1000 B/s
        var c = S(4, 30, 200, 12, 1000, 4000);  // nothing moved: 0 B/s
        rollup.Add(a, null);
        rollup.Add(b, a);
        rollup.Add(c, b);
        var r = rollup.ToRollup();

        Assert.Equal(T0, r.Minute);
        Assert.Equal(3, r.Samples);
        Assert.Equal(new MinAvgMax(10, 20, 30), r.CpuPercent);
        Assert.Equal(new MinAvgMax(100, 200, 300), r.MemoryUsage);
        Assert.Equal(new MinAvgMax(50, 100, 150), r.MemoryWorkingSet);
        Assert.Equal(new MinAvgMax(0, 500, 1000), r.NetworkRxRate);
        Assert.Equal(new MinAvgMax(0, 1000, 2000), r.BlockReadRate);
        Assert.Equal(7UL, r.ThrottledPeriods);
        Assert.Equal((1000UL, 0.25), (r.MemoryLimit!.Value, r.CpuLimit!.Value));
    }

    [Fact]
    public void Counters_reset_by_a_restart_give_zero_not_negative_rates()
    {
        var rollup = new MinuteRollup("c", T0);
        var before = S(0, 0, 0, 100, 5000, 5000);
        var after = S(1, 0, 0, 1, 10, 10);
        rollup.Add(after, before);
        var r = rollup.ToRollup();

        Assert.Equal(new MinAvgMax(0, 0, 0), r.NetworkRxRate);
        Assert.Equal(new MinAvgMax(0, 0, 0), r.BlockReadRate);
        Assert.Equal(0UL, r.ThrottledPeriods);
    }

    [Fact]
    public void Minute_of_truncates_to_utc_minutes()
    {
        var local = new DateTimeOffset(2026, 11, 28, 7, 7, 59, 999, TimeSpan.FromHours(2));
        Assert.Equal(T0, MinuteRollup.MinuteOf(local));
    }
}
