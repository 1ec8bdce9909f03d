using Dashboard.Engine.Stats;
using Dashboard.Web.Components.Detail;

namespace Dashboard.Web.Components.Tests.Detail;

/// <summary>Per-interface network rates: loopback left out, each interface on its own, resets and new interfaces at 0.</summary>
public sealed class InterfaceSeriesTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.UnixEpoch.AddDays(20000);

    private static ContainerStats Sample(double seconds, params (string Name, ulong Rx, ulong Tx)[] nics) => new()
    {
        ContainerId = "c",
        Time = T0.AddSeconds(seconds),
        Networks = nics.Select(n => new NetworkInterfaceStats(n.Name, n.Rx, 0, 0, 0, n.Tx, 0, 0, 0)).ToList(),
    };

    [Fact]
    public void Names_leave_out_loopback_in_name_order()
    {
        Assert.Equal(["eth0", "eth1"], InterfaceSeries.Names(Sample(0, ("lo", 1, 1), ("eth1", 1, 1), ("eth0", 1, 1))));
        Assert.Empty(InterfaceSeries.Names(Sample(0, ("lo", 1, 1))));
        Assert.Empty(InterfaceSeries.Names(null));
    }

    [Fact]
    public void Each_interface_has_its_own_rates()
    {
        var before = Sample(0, ("eth0", 1000, 500), ("eth1", 0, 0), ("lo", 0, 0));
        var after = Sample(2, ("eth0", 3000, 1500), ("eth1", 400, 200), ("lo", 9999, 9999));
        Assert.Equal([T0.AddSeconds(2).ToUnixTimeMilliseconds(), 1000, 500, 200, 100], InterfaceSeries.Point(after, before, ["eth0", "eth1"]));
    }

    [Fact]
    public void A_first_sample_a_new_interface_and_a_reset_counter_are_zero_not_a_spike()
    {
        var after = Sample(1, ("eth0", 100, 100), ("eth1", 5000, 5000));
        Assert.Equal([T0.AddSeconds(1).ToUnixTimeMilliseconds(), 0, 0, 0, 0], InterfaceSeries.Point(after, null, ["eth0", "eth1"]));
        var before = Sample(0, ("eth0", 900, 900));
        Assert.Equal([T0.AddSeconds(1).ToUnixTimeMilliseconds(), 0, 0, 0, 0], InterfaceSeries.Point(after, before, ["eth0", "eth1"]));
    }
}
