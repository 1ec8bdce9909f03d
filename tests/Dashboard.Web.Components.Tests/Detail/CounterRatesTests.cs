using Dashboard.Engine.Stats;
using Dashboard.Web.Components.Detail;

namespace Dashboard.Web.Components.Tests.Detail;

public sealed class CounterRatesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 7, 0, 0, TimeSpan.Zero);

    private static ContainerStats At(double seconds, ulong read = 0, ulong write = 0, params (string Name, ulong Rx, ulong Tx)[] nics) => new()
    {
        ContainerId = "c",
        Time = T0.AddSeconds(seconds),
        BlockIo = new BlockIoStats(read, write),
        Networks = nics.Select(n => new NetworkInterfaceStats(n.Name, n.Rx, 0, 0, 0, n.Tx, 0, 0, 0)).ToList(),
    };

    [Fact]
    public void Rate_is_the_counter_delta_per_second()
    {
        Assert.Equal(250, CounterRates.PerSecond(1000, 1500, TimeSpan.FromSeconds(2)));
        Assert.Equal(0, CounterRates.PerSecond(1000, 1000, TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void A_counter_that_goes_down_restarts_at_zero_instead_of_going_negative()
    {
        Assert.Equal(0, CounterRates.PerSecond(5000, 100, TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public void No_elapsed_time_gives_zero_not_infinity()
    {
        Assert.Equal(0, CounterRates.PerSecond(0, 100, TimeSpan.Zero));
        Assert.Equal(0, CounterRates.PerSecond(0, 100, TimeSpan.FromSeconds(-1)));
    }

    [Fact]
    public void Network_rates_sum_all_interfaces()
    {
        var before = At(0, nics: [("eth0", 1000, 100), ("eth1", 500, 0)]);
        var after = At(4, nics: [("eth0", 3000, 500), ("eth1", 1500, 300)]);
        Assert.Equal((750.0, 175.0), CounterRates.Network(after, before));
    }

    [Fact]
    public void Network_rate_restarts_when_an_interface_disappears()
    {
        var before = At(0, nics: [("eth0", 1000, 1000), ("eth1", 9000, 9000)]);
        var after = At(1, nics: [("eth0", 1200, 1100)]);
        Assert.Equal((0.0, 0.0), CounterRates.Network(after, before));
    }

    [Fact]
    public void Block_io_rates_come_from_read_and_write_bytes()
    {
        var (read, write) = CounterRates.BlockIo(At(10, read: 8192, write: 1024), At(8, read: 4096, write: 0));
        Assert.Equal(2048, read);
        Assert.Equal(512, write);
    }

    [Fact]
    public void The_first_sample_has_zero_rates()
    {
        Assert.Equal((0.0, 0.0), CounterRates.BlockIo(At(1, read: 100), null));
        Assert.Equal((0.0, 0.0), CounterRates.Network(At(1, nics: [("eth0", 100, 100)]), null));
    }

    [Fact]
    public void Points_carry_time_and_both_rates_and_the_pids_limit_only_when_set()
    {
        var point = ChartPoints.Network(At(2, nics: [("eth0", 300, 30)]), At(1, nics: [("eth0", 100, 10)]));
        Assert.Equal([T0.AddSeconds(2).ToUnixTimeMilliseconds(), 200, 20], point);
        Assert.Null(ChartPoints.PidsLimit(null));
        Assert.Null(ChartPoints.PidsLimit(0));
        Assert.Equal(100.0, ChartPoints.PidsLimit(100));
    }
}
