using Bunit.TestDoubles;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Images;
using Dashboard.Engine.Networking;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Launch;
using Dashboard.Web.Components.Networks;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Launch;

/// <summary>The launch form's network choice (bridge by default, as Docker; user networks; none) and its ports editor:
/// a message at each box, and both in the docker-run preview and the request the engine gets.</summary>
public sealed class LaunchNetworkTests : BunitContext, IAsyncLifetime
{
    private readonly FakeEngine _engine = new();
    private readonly FakeNetworks _networks = new();

    public LaunchNetworkTests()
    {
        Services.AddMudServices();
        Services.AddScoped<UiActions>();
        Services.AddSingleton<IContainerEngine>(_engine);
        Services.AddSingleton<IImageService>(new FakeImages(FakeImages.Image("busybox:latest", "00")));
        Services.AddSingleton<IAuditLog>(new FakeAuditLog());
        Services.AddSingleton(new HostInfo(2, 1L << 30, "6.1", "Linux", "host"));
        Services.AddSingleton(new EngineOptions { DefaultPidsLimit = 0 });
        Services.AddSingleton<INetworkCatalog>(_networks);
        JSInterop.Mode = JSRuntimeMode.Loose;
        _networks.Add(FakeNetworks.Network("backend", "10.92.0.0/24"));
        _networks.Add(FakeNetworks.Network("secret", "10.93.0.0/24", isInternal: true));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<LaunchForm> Render()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetRoles(Roles.Operator);
        auth.SetPolicies([Roles.Policies.Operator, Roles.Policies.Viewer]);
        Render<MudPopoverProvider>();
        return Render<LaunchForm>();
    }

    private static IRenderedComponent<NamespaceChoice> NetworkChoice(IRenderedComponent<LaunchForm> cut) =>
        cut.FindComponents<NamespaceChoice>().Single(c => c.Instance.Field == "network");

    private static string Preview(IRenderedComponent<LaunchForm> cut) => cut.Find("[data-testid=launch-preview]").TextContent;

    private static void Type(IRenderedComponent<LaunchForm> cut, string testId, string value) =>
        cut.Find($"input[data-testid={testId}]").Input(value);

    private static string Error(IRenderedComponent<LaunchForm> cut, string field) => cut.Find($"[data-testid=error-{field}]").TextContent;

    private static void AddPort(IRenderedComponent<LaunchForm> cut, string hostIp, string hostPort, string containerPort)
    {
        cut.Find("[data-testid=launch-port-add]").Click();
        var index = cut.FindAll("[data-testid=launch-port-row]").Count - 1;
        if (hostIp.Length > 0) Type(cut, $"launch-port-hostip-{index}", hostIp);
        if (hostPort.Length > 0) Type(cut, $"launch-port-host-{index}", hostPort);
        Type(cut, $"launch-port-container-{index}", containerPort);
    }

    [Fact]
    public void The_default_network_is_bridge_and_the_others_are_offered()
    {
        var cut = Render();
        var choice = NetworkChoice(cut).Instance;
        Assert.Equal("bridge", choice.Mode);
        Assert.Equal(["backend", "secret", "none"], choice.Choices.Select(c => c.Value));
        Assert.Contains("internal", choice.Choices.Single(c => c.Value == "secret").Label);
        // As docker run without --network: the default network, so no flag.
        Assert.Equal("docker run -d busybox:latest", Preview(cut));
    }

    [Fact]
    public async Task A_picked_network_is_in_the_preview_and_the_request()
    {
        var cut = Render();
        await cut.InvokeAsync(() => NetworkChoice(cut).Instance.ModeChanged.InvokeAsync("backend"));
        Assert.Equal("docker run -d --network backend busybox:latest", Preview(cut));
        await cut.InvokeAsync(() => NetworkChoice(cut).Instance.ModeChanged.InvokeAsync("none"));
        Assert.Equal("docker run -d --network none busybox:latest", Preview(cut));

        await cut.InvokeAsync(() => NetworkChoice(cut).Instance.ModeChanged.InvokeAsync("backend"));
        cut.Find("[data-testid=launch-submit]").Click();
        cut.WaitForAssertion(() => Assert.Single(_engine.Started));
        Assert.Equal("backend", Assert.Single(_engine.Created).NetworkMode);
    }

    [Fact]
    public async Task Ports_are_in_the_preview_and_reach_the_engine()
    {
        var cut = Render();
        AddPort(cut, "127.0.0.1", "8080", "80");
        AddPort(cut, "", "", "53");
        var protocol = cut.FindComponents<MudSelect<string>>()
            .Single(s => s.Instance.UserAttributes.TryGetValue("data-testid", out var id) && (string?)id == "launch-port-protocol-1");
        await cut.InvokeAsync(() => protocol.Instance.ValueChanged.InvokeAsync("udp"));
        Assert.Empty(cut.FindAll("[data-testid^=error-]"));
        Assert.Equal("docker run -d -p 127.0.0.1:8080:80 -p 53/udp busybox:latest", Preview(cut));

        cut.Find("[data-testid=launch-submit]").Click();
        cut.WaitForAssertion(() => Assert.Single(_engine.Started));
        var request = Assert.Single(_engine.Created);
        Assert.Equal(["127.0.0.1:8080:80", "53/udp"], request.Publish);
        Assert.Equal([new Dashboard.Engine.Spec.PortBinding("127.0.0.1", 8080, 80, "tcp"), new Dashboard.Engine.Spec.PortBinding("", 0, 53, "udp")],
            _engine.List().Single(c => c.Name == "generated").Config.PortBindings);
    }

    [Theory]
    [InlineData("", "0", "80", "host", "host port '0' must be a number from 1 to 65535 (empty for a random one)")]
    [InlineData("", "70000", "80", "host", "host port '70000' must be a number from 1 to 65535")]
    [InlineData("", "8080", "70000", "container", "container port '70000' must be a number from 1 to 65535")]
    [InlineData("", "8080", "http", "container", "container port 'http' must be a number")]
    [InlineData("10.0.0", "8080", "80", "hostip", "'10.0.0' is not an IP address")]
    [InlineData("localhost", "8080", "80", "hostip", "'localhost' is not an IP address")]
    [InlineData("::1", "8080", "80", "hostip", "IPv6 host addresses are not supported")]
    public void A_bad_box_says_what_is_wrong_at_that_box(string hostIp, string hostPort, string containerPort, string part, string message)
    {
        var cut = Render();
        AddPort(cut, hostIp, hostPort, containerPort);
        Assert.Contains(message, Error(cut, $"port-0-{part}"));
        Assert.Single(cut.FindAll("[data-testid^=error-]"));
        Assert.True(cut.Find("[data-testid=launch-submit]").HasAttribute("disabled"));
        Assert.DoesNotContain("-p", Preview(cut)); // the bad row stays out of the line
    }

    [Fact]
    public void A_row_without_a_container_port_asks_for_one()
    {
        var cut = Render();
        cut.Find("[data-testid=launch-port-add]").Click();
        Assert.Empty(cut.FindAll("[data-testid^=error-]")); // an empty row is not an error yet
        Type(cut, "launch-port-host-0", "8080");
        Assert.Contains("the container port is required", Error(cut, "port-0-container"));
    }

    [Fact]
    public void The_same_host_port_twice_is_refused_at_the_second_row()
    {
        var cut = Render();
        AddPort(cut, "", "8080", "80");
        AddPort(cut, "127.0.0.1", "8080", "81"); // every address already has 8080/tcp
        Assert.Contains("host port 8080/tcp is already published by row 1", Error(cut, "port-1-host"));
        cut.Find("[data-testid=launch-port-remove-0]").Click();
        Assert.Empty(cut.FindAll("[data-testid^=error-]"));
        Assert.Equal("docker run -d -p 127.0.0.1:8080:81 busybox:latest", Preview(cut));
    }

    [Fact]
    public async Task Ports_without_a_network_of_the_engine_are_refused_under_the_editor()
    {
        var cut = Render();
        await cut.InvokeAsync(() => NetworkChoice(cut).Instance.ModeChanged.InvokeAsync("none"));
        AddPort(cut, "", "8080", "80");
        Assert.Contains("-p needs a network of the engine's", Error(cut, "publish"));
        Assert.Empty(cut.FindAll("[data-testid=launch-errors]"));
    }

    [Fact]
    public void A_host_port_taken_at_start_lands_under_the_editor()
    {
        _engine.StartFailure = new PortAllocatedException("", 8080, "tcp", "held by web");
        var cut = Render();
        AddPort(cut, "", "8080", "80");
        cut.Find("[data-testid=launch-submit]").Click();
        cut.WaitForAssertion(() => Assert.Contains("did not start: Bind for 0.0.0.0:8080/tcp failed", Error(cut, "publish")));
    }
}
