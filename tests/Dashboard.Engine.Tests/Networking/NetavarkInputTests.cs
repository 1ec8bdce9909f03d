using System.Net;
using System.Text.Json;
using Dashboard.Engine.Networking;

namespace Dashboard.Engine.Tests.Networking;

public sealed class NetavarkInputTests
{
    private static NetworkDefinition Network(string name, string subnet, bool dns, bool isInternal = false) => new()
    {
        Id = new string('a', 63) + name.Length,
        Name = name,
        BridgeName = "dn" + name,
        Subnet = IPNetwork.Parse(subnet),
        Gateway = Subnets.FirstHost(IPNetwork.Parse(subnet)),
        DnsEnabled = dns,
        Internal = isInternal,
        Created = DateTimeOffset.UnixEpoch,
    };

    [Fact]
    public void The_input_has_netavark_1_4s_shape_with_the_engines_addresses_and_ports()
    {
        var json = NetavarkInput.Build("c0ffee", "web",
            [
                new(Network("bridge", "10.91.0.0/24", dns: false), "eth0", IPAddress.Parse("10.91.0.2"), ["c0ffee"]),
                new(Network("backend", "10.91.1.0/24", dns: true, isInternal: true), "eth1", IPAddress.Parse("10.91.1.7"), ["c0ffee", "api"]),
            ],
            [new PublishedPort("127.0.0.1", 8080, 80, "tcp")]);
        var expected = """
            {"container_id":"c0ffee","container_name":"web",
             "networks":{
               "bridge":{"interface_name":"eth0","static_ips":["10.91.0.2"]},
               "backend":{"interface_name":"eth1","static_ips":["10.91.1.7"],"aliases":["c0ffee","api"]}},
             "network_info":{
               "bridge":{"name":"bridge","id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa6","driver":"bridge","network_interface":"dnbridge",
                         "subnets":[{"subnet":"10.91.0.0/24","gateway":"10.91.0.1"}],"ipv6_enabled":false,"internal":false,"dns_enabled":false,
                         "ipam_options":{"driver":"host-local"},"options":{"isolate":"true"}},
               "backend":{"name":"backend","id":"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa7","driver":"bridge","network_interface":"dnbackend",
                         "subnets":[{"subnet":"10.91.1.0/24","gateway":"10.91.1.1"}],"ipv6_enabled":false,"internal":true,"dns_enabled":true,
                         "ipam_options":{"driver":"host-local"},"options":{"isolate":"true"}}},
             "port_mappings":[{"host_ip":"127.0.0.1","container_port":80,"host_port":8080,"range":1,"protocol":"tcp"}]}
            """;
        Assert.Equal(Normalize(expected), Normalize(json));
    }

    [Fact]
    public void Connect_merges_one_network_in_and_disconnect_takes_it_out_with_the_ports_kept()
    {
        PublishedPort[] ports = [new("", 8080, 80, "tcp")];
        var bridge = new NetavarkInput.Member(Network("bridge", "10.91.0.0/24", dns: false), "eth0", IPAddress.Parse("10.91.0.2"), ["c0ffee"]);
        var backend = new NetavarkInput.Member(Network("backend", "10.91.1.0/24", dns: true), "eth1", IPAddress.Parse("10.91.1.7"), ["c0ffee", "api"]);
        var started = NetavarkInput.Build("c0ffee", "web", [bridge], ports);
        var connected = NetavarkInput.Build("c0ffee", "web", [backend], ports);

        var merged = NetavarkInput.Merge(started, connected);
        Assert.Equal(Normalize(NetavarkInput.Build("c0ffee", "web", [bridge, backend], ports)), Normalize(merged));
        Assert.Equal(["bridge", "backend"], NetavarkInput.NetworkNames(merged));
        // What disconnect hands netavark is what connect did; what is left is what the start did.
        Assert.Equal(Normalize(connected), Normalize(NetavarkInput.Only(merged, "backend")));
        Assert.Equal(Normalize(started), Normalize(NetavarkInput.Without(merged, "backend")));
    }

    [Fact]
    public void Mac_addresses_are_read_from_setups_answer()
    {
        const string answer = """{"t1":{"dns_search_domains":["dns.podman"],"dns_server_ips":["10.213.7.1"],"interfaces":{"eth0":{"mac_address":"8a:23:de:0e:35:e0","subnets":[{"gateway":"10.213.7.1","ipnet":"10.213.7.2/24"}]}}}}""";
        Assert.Equal("8a:23:de:0e:35:e0", NetavarkInput.MacAddresses(answer)["t1"]);
        Assert.Empty(NetavarkInput.MacAddresses(""));
    }

    private static string Normalize(string json) => JsonSerializer.Serialize(JsonDocument.Parse(json).RootElement);
}
