using Bunit.TestDoubles;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Networking;
using Dashboard.Engine.Spec;
using Dashboard.Web.Components.Detail;
using Dashboard.Web.Components.Tests.Fakes;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Detail;

/// <summary>The container page's network panel: an address per network, published ports, HTTP ports as links.</summary>
public sealed class ContainerNetworkingTests : BunitContext, IAsyncLifetime
{
    public ContainerNetworkingTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private static ContainerRecord Web(ContainerStatus status = ContainerStatus.Running)
    {
        var record = FakeEngine.Record("web", status);
        return record with
        {
            Config = record.Config with
            {
                Networks = [new NetworkAttachment("bridge"), new NetworkAttachment("backend")],
                PortBindings = [new PortBinding("127.0.0.1", 8080, 80, "tcp"), new PortBinding("", 0, 5432, "tcp"), new PortBinding("", 5353, 53, "udp")],
            },
            State = status.IsAlive()
                ? record.State with
                {
                    Networks =
                    [
                        new ContainerEndpoint { NetworkId = "n1", NetworkName = "bridge", InterfaceName = "eth0", IPAddress = "10.91.0.2", PrefixLength = 24, Gateway = "10.91.0.1", MacAddress = "02:42:0a:5b:00:02" },
                        new ContainerEndpoint { NetworkId = "n2", NetworkName = "backend", InterfaceName = "eth1", IPAddress = "10.92.0.5", PrefixLength = 24 },
                    ],
                    Ports = [new PublishedPort("127.0.0.1", 8080, 80, "tcp"), new PublishedPort("", 40123, 5432, "tcp"), new PublishedPort("", 5353, 53, "udp"), new PublishedPort("", 40124, 8443, "tcp")],
                }
                : record.State,
        };
    }

    [Fact]
    public void Shows_each_address_and_links_the_http_ports()
    {
        var cut = Render<ContainerNetworking>(p => p.Add(c => c.Container, Web()));
        Assert.Equal("bridge", cut.Find("[data-testid=detail-network-mode]").TextContent);
        Assert.Equal("10.91.0.2/24", cut.Find("[data-testid=detail-ip-bridge]").TextContent);
        Assert.Equal("10.92.0.5/24", cut.Find("[data-testid=detail-ip-backend]").TextContent);
        var rows = cut.FindAll("[data-testid=detail-address]");
        Assert.Contains("02:42:0a:5b:00:02", rows[0].TextContent);
        Assert.Contains("internal", rows[1].TextContent); // no gateway

        var links = cut.FindAll("[data-testid=detail-port-link]").Select(a => a.GetAttribute("href")).ToList();
        // 80 on 127.0.0.1; 8443 on every address, by the host the browser used (bUnit's is localhost); not 5432 (postgres), not udp.
        Assert.Equal(["http://127.0.0.1:8080/", "https://localhost:40124/"], links);
        Assert.Equal(4, cut.FindAll("[data-testid=detail-port]").Count);
        Assert.Contains("0.0.0.0:5353", cut.Find("[data-testid=detail-ports]").TextContent);
    }

    [Fact]
    public void A_stopped_container_shows_what_its_next_start_binds()
    {
        var cut = Render<ContainerNetworking>(p => p.Add(c => c.Container, Web(ContainerStatus.Exited)));
        Assert.Contains("not running", cut.Find("[data-testid=detail-no-addresses]").TextContent);
        Assert.Contains("127.0.0.1:8080 → 80/tcp", cut.Find("[data-testid=detail-ports-unbound]").TextContent);
        Assert.Contains("random → 5432/tcp", cut.Find("[data-testid=detail-ports-unbound]").TextContent);
    }

    [Theory]
    [InlineData("tcp", 80, "", 8080, "http://dash.example:8080/")]
    [InlineData("tcp", 443, "", 8443, "https://dash.example:8443/")]
    [InlineData("tcp", 22, "", 2222, null)]
    [InlineData("udp", 80, "", 8080, null)]
    [InlineData("tcp", 3000, "192.168.1.5", 3000, "http://192.168.1.5:3000/")]
    public void Port_links(string protocol, int containerPort, string hostIp, int hostPort, string? url) =>
        Assert.Equal(url, PortLinks.Url(new PublishedPort(hostIp, hostPort, containerPort, protocol), "dash.example"));
}
