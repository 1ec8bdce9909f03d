using Dashboard.Engine.Stats;

namespace Dashboard.Engine.Tests.Stats;

public sealed class StatsRingTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 5, 0, 0, TimeSpan.Zero);

    private static ContainerStats At(int second) => new() { ContainerId = "c", Time = T0.AddSeconds(second) };

    [Fact]
    public void Wraps_keeping_the_newest_in_order()
    {
        var ring = new StatsRing(3);
        for (var i = 0; i < 5; i++) ring.Add(At(i));

        Assert.Equal(3, ring.Count);
        Assert.Equal([2, 3, 4], ring.Range(T0, T0.AddHours(1)).Select(s => (int)(s.Time - T0).TotalSeconds));
        var (latest, previous) = ring.LatestPair();
        Assert.Equal(T0.AddSeconds(4), latest!.Time);
        Assert.Equal(T0.AddSeconds(3), previous!.Time);
    }

    [Fact]
    public void Range_is_inclusive_and_empty_rings_have_no_pair()
    {
        var ring = new StatsRing(10);
        Assert.Equal((null, null), ring.LatestPair());
        ring.Add(At(0));
        Assert.Null(ring.LatestPair().Previous);
        for (var i = 1; i < 6; i++) ring.Add(At(i));

        Assert.Equal([1, 2, 3], ring.Range(T0.AddSeconds(1), T0.AddSeconds(3)).Select(s => (int)(s.Time - T0).TotalSeconds));
    }

    [Fact]
    public void Capacity_is_ring_minutes_of_samples_at_the_interval()
    {
        Assert.Equal(900, new StatsSamplerOptions().RingCapacity);
        Assert.Equal(3600, new StatsSamplerOptions { Interval = TimeSpan.FromMilliseconds(250) }.RingCapacity);
    }
}
