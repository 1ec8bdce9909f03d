using System.Net;
using Dashboard.Engine.Networking;

namespace Dashboard.Engine.Tests.Networking;

public sealed class SubnetsTests
{
    // /proc/net/route of this machine: default via 192.0.2.1, 192.0.2.0/24 on eth0, and a bridge on 10.91.0.0/24.
    private const string Routes = """
        Iface	Destination	Gateway 	Flags	RefCnt	Use	Metric	Mask		MTU	Window	IRTT
        eth0	00000000	010200C0	0003	0	0	0	00000000	0	0	0
        eth0	000200C0	00000000	0001	0	0	0	00FFFFFF	0	0	0
        dash0	00005B0A	00000000	0001	0	0	0	00FFFFFF	0	0	0
        """;

    [Fact]
    public void Host_routes_are_read_without_the_default_route()
    {
        var routes = Subnets.ParseRoutes(Routes);
        Assert.Equal([IPNetwork.Parse("192.0.2.0/24"), IPNetwork.Parse("10.91.0.0/24")], routes);
    }

    [Fact]
    public void A_free_subnet_avoids_host_routes_and_other_networks()
    {
        var taken = Subnets.ParseRoutes(Routes).Append(IPNetwork.Parse("10.91.1.0/24"));
        Assert.Equal(IPNetwork.Parse("10.91.2.0/24"), Subnets.PickFree(taken, IPNetwork.Parse("10.91.0.0/16")));
        Assert.Null(Subnets.PickFree([IPNetwork.Parse("10.0.0.0/8")], IPNetwork.Parse("10.91.0.0/16")));
    }

    [Theory]
    [InlineData("10.92.0.0/24", null)]
    [InlineData("10.92.0.1/24", "it has host bits set; did you mean 10.92.0.0/24?")]
    [InlineData("10.92.0.0", "give an IPv4 network in CIDR form")]
    [InlineData("banana", "give an IPv4 network in CIDR form")]
    [InlineData("10.92.0.0/33", "give an IPv4 network in CIDR form")]
    [InlineData("fd00::/64", "only IPv4 subnets are supported")]
    [InlineData("16.0.0.0/4", "the prefix length must be between /8 and /30")]
    [InlineData("10.92.0.0/31", "the prefix length must be between /8 and /30")]
    public void Subnets_are_parsed_strictly(string text, string? error)
    {
        var ok = Subnets.TryParse(text, out var subnet, out var message);
        if (error is null)
        {
            Assert.True(ok, message);
            Assert.Equal(IPNetwork.Parse(text), subnet);
        }
        else
        {
            Assert.False(ok);
            Assert.Contains(error, message);
        }
    }

    [Fact]
    public void Usable_hosts_leave_out_the_network_and_broadcast_addresses()
    {
        var subnet = IPNetwork.Parse("10.92.0.0/30");
        Assert.Equal([IPAddress.Parse("10.92.0.1"), IPAddress.Parse("10.92.0.2")], Subnets.Hosts(subnet));
        Assert.False(Subnets.IsUsableHost(subnet, IPAddress.Parse("10.92.0.0")));
        Assert.False(Subnets.IsUsableHost(subnet, IPAddress.Parse("10.92.0.3")));
        Assert.False(Subnets.IsUsableHost(subnet, IPAddress.Parse("10.92.1.1")));
        Assert.True(Subnets.IsUsableHost(subnet, IPAddress.Parse("10.92.0.2")));
        Assert.Equal(IPAddress.Parse("10.92.0.1"), Subnets.FirstHost(subnet));
    }
}
