using Dashboard.Engine.Networking;

namespace Dashboard.Engine.Tests.Networking;

public sealed class EtcFilesTests
{
    [Fact]
    public void Loopback_resolvers_are_replaced_and_the_rest_kept()
    {
        var host = "# generated\nnameserver 127.0.0.53\nnameserver 10.255.255.53\nsearch example.org\noptions edns0\n";
        Assert.Equal("# generated\nnameserver 10.255.255.53\nsearch example.org\noptions edns0\n", EtcFiles.ResolvConf(host, []));
        Assert.Equal("nameserver 8.8.8.8\nnameserver 8.8.4.4\n",
            EtcFiles.ResolvConf("nameserver 127.0.0.53\nnameserver ::1\n", []));
    }

    [Fact]
    public void On_a_network_with_dns_aardvark_on_the_gateway_is_the_only_nameserver()
    {
        var host = "nameserver 10.255.255.53\nsearch example.org\n";
        Assert.Equal("nameserver 10.91.1.1\nsearch example.org\n", EtcFiles.ResolvConf(host, ["10.91.1.1"]));
    }

    [Fact]
    public void Hosts_names_the_container_on_each_of_its_addresses()
    {
        var endpoint = new ContainerEndpoint
        {
            NetworkId = "n", NetworkName = "bridge", InterfaceName = "eth0", IPAddress = "10.91.0.2", PrefixLength = 24,
        };
        Assert.EndsWith("\n10.91.0.2\tweb\n", EtcFiles.Hosts("web", [endpoint]));
        Assert.EndsWith("\n127.0.1.1\tweb\n", EtcFiles.Hosts("web", []));
    }
}
