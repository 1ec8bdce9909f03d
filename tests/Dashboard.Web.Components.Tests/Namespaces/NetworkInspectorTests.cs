using Dashboard.Engine.Containers;
using Dashboard.Engine.Inspection;
using Dashboard.Engine.Networking;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Namespaces;
using Dashboard.Web.Components.Networks;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;
using NamespacesPage = Dashboard.Web.Components.Pages.Namespaces;

namespace Dashboard.Web.Components.Tests.Namespaces;

/// <summary>The network parts of the namespace inspector: each veth's host end and bridge, the host ports published to
/// each listening socket, and the host map's bridges with their containers.</summary>
public sealed class NetworkInspectorTests : BunitContext, IAsyncLifetime
{
    public NetworkInspectorTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private static NetworkView View() => new(
        [
            new NetInterface(1, "lo", "UNKNOWN", 65536, null, ["127.0.0.1/8"]),
            new NetInterface(2, "eth0", "UP", 1500, "4e:1b:b4:f1:34:58", ["10.91.0.2/24"]) { PeerIndex = 17, PeerName = "veth4a1b2c3d", PeerBridge = "dash0" },
            new NetInterface(3, "eth1", "UP", 1500, "4e:1b:b4:f1:34:59", ["10.92.0.2/24"]) { PeerIndex = 40 },
        ],
        [new NetRoute("ipv4", "0.0.0.0/0", "10.91.0.1", "eth0", 0)],
        [
            new ListeningSocket("tcp", "0.0.0.0", 80, 111, null),
            new ListeningSocket("tcp", "127.0.0.1", 8125, 112, null),
            new ListeningSocket("udp", "0.0.0.0", 53, 113, null),
            new ListeningSocket("tcp6", "::", 443, 114, null),
        ]);

    [Fact]
    public void Each_veth_names_its_host_end_and_bridge()
    {
        var cut = Render<NetworkSection>(p => p.Add(c => c.Network, View()));
        Assert.Equal("veth4a1b2c3d on bridge dash0", cut.Find("[data-testid=iface-peer-eth0]").TextContent.Trim());
        Assert.Equal("interface 40 of another namespace", cut.Find("[data-testid=iface-peer-eth1]").TextContent.Trim());
        Assert.Equal("—", cut.Find("[data-testid=iface-peer-lo]").TextContent.Trim());
    }

    [Fact]
    public void Each_listening_socket_shows_the_host_ports_published_to_it()
    {
        IReadOnlyList<PublishedPort> ports =
        [
            new("127.0.0.1", 8080, 80, "tcp"), new("", 40000, 80, "tcp"), new("", 5353, 53, "udp"), new("", 8125, 8125, "tcp"), new("", 8443, 443, "tcp"),
        ];
        var cut = Render<NetworkSection>(p => p.Add(c => c.Network, View()).Add(c => c.Ports, ports));
        Assert.Equal("127.0.0.1:8080, 0.0.0.0:40000", cut.Find("[data-testid=socket-published-tcp-80]").TextContent.Trim());
        Assert.Equal("0.0.0.0:5353", cut.Find("[data-testid=socket-published-udp-53]").TextContent.Trim());
        Assert.Equal("0.0.0.0:8443", cut.Find("[data-testid=socket-published-tcp6-443]").TextContent.Trim());
        Assert.Contains("unreachable: the socket listens on loopback only", cut.Find("[data-testid=socket-published-tcp-8125]").TextContent);
    }

    [Fact]
    public void The_host_map_shows_each_bridge_with_its_containers()
    {
        var networks = new FakeNetworks();
        var bridge = networks.List().Single();
        var backend = networks.Add(FakeNetworks.Network("backend", "10.92.0.0/24", isInternal: true));
        var record = FakeEngine.Record("web");
        var web = record with
        {
            State = record.State with
            {
                Networks =
                [
                    new ContainerEndpoint { NetworkId = bridge.Id, NetworkName = "bridge", InterfaceName = "eth0", IPAddress = "10.91.0.2", PrefixLength = 24, MacAddress = "4e:1b:b4:f1:34:58" },
                    new ContainerEndpoint { NetworkId = backend.Id, NetworkName = "backend", InterfaceName = "eth1", IPAddress = "10.92.0.2", PrefixLength = 24 },
                ],
            },
        };
        Services.AddSingleton<INetworkCatalog>(networks);
        Services.AddSingleton<IContainerEngine>(new FakeEngine(web, FakeEngine.Record("alone")));
        Services.AddSingleton<INamespaceInspector>(new FakeNamespaceInspector());
        Services.AddScoped<UiActions>();
        var auth = AddAuthorization();
        auth.SetAuthorized("root");
        auth.SetRoles(Roles.Admin);
        auth.SetPolicies(Roles.Policies.Admin, Roles.Policies.Operator, Roles.Policies.Viewer);

        var cut = Render<NamespacesPage>();

        var onBridge = cut.Find("[data-testid=map-bridge-bridge]");
        Assert.Contains("dash0", onBridge.TextContent);
        Assert.Contains("10.91.0.0/24 via 10.91.0.1", onBridge.TextContent);
        var member = onBridge.QuerySelector("[data-testid=map-bridge-member-web]")!;
        Assert.Contains("eth0 10.91.0.2/24", member.TextContent);
        Assert.Equal("/containers/web/namespaces", member.QuerySelector("a")!.GetAttribute("href"));
        var onBackend = cut.Find("[data-testid=map-bridge-backend]");
        Assert.Contains("internal", onBackend.TextContent);
        Assert.Contains("eth1 10.92.0.2/24", onBackend.TextContent);
        Assert.Empty(cut.FindAll("[data-testid=map-bridge-member-alone]"));
    }
}
