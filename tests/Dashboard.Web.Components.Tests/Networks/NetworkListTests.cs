using Bunit.TestDoubles;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Networking;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Networks;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Networks;

/// <summary>The Networks page over fakes: the list with members, create with the engine's refusals at their fields,
/// remove (in use: the engine's words), prune, the audit, and a viewer who sees but cannot act.</summary>
public sealed class NetworkListTests : BunitContext, IAsyncLifetime
{
    private readonly FakeEngine _engine = new();
    private readonly FakeNetworks _networks = new();
    private readonly FakeAuditLog _audit = new();
    private readonly NetworkDefinition _backend;

    public NetworkListTests()
    {
        Services.AddMudServices();
        Services.AddScoped<UiActions>();
        Services.AddSingleton<IContainerEngine>(_engine);
        Services.AddSingleton<IAuditLog>(_audit);
        Services.AddSingleton<INetworkCatalog>(_networks);
        JSInterop.Mode = JSRuntimeMode.Loose;
        _backend = _networks.Add(FakeNetworks.Network("backend", "10.92.0.0/24", labels: new Dictionary<string, string> { ["team"] = "db" }));
        var record = FakeEngine.Record("api");
        var api = record with
        {
            State = record.State with
            {
                Networks = [new ContainerEndpoint { NetworkId = _backend.Id, NetworkName = "backend", InterfaceName = "eth0", IPAddress = "10.92.0.2", PrefixLength = 24, Gateway = "10.92.0.1" }],
            },
        };
        _engine.Replace(api);
        _networks.Join(_backend.Id, api.Id);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<NetworkList> RenderAs(string role)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetRoles(role);
        auth.SetPolicies(role == Roles.Operator ? [Roles.Policies.Operator, Roles.Policies.Viewer] : [Roles.Policies.Viewer]);
        Render<MudPopoverProvider>();
        return Render<NetworkList>();
    }

    [Fact]
    public void Lists_networks_with_subnet_labels_and_member_links()
    {
        var cut = RenderAs(Roles.Viewer);
        Assert.Equal("10.91.0.0/24", cut.Find("[data-testid=network-subnet-bridge]").TextContent);
        Assert.Equal("10.92.0.0/24", cut.Find("[data-testid=network-subnet-backend]").TextContent);
        var members = cut.Find("[data-testid=network-members-backend]");
        Assert.Equal("containers/api", members.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("10.92.0.2", members.TextContent);
        Assert.Contains("none running", cut.Find("[data-testid=network-members-bridge]").TextContent);
        Assert.Contains("team=db", cut.Find("[data-testid=networks-table]").TextContent);
    }

    [Fact]
    public void A_viewer_sees_but_cannot_act()
    {
        var cut = RenderAs(Roles.Viewer);
        Assert.Empty(cut.FindAll("[data-testid=network-create]"));
        Assert.Empty(cut.FindAll("[data-testid=networks-prune]"));
        Assert.Empty(cut.FindAll("[data-testid^=network-remove-]"));
        Assert.Empty(cut.FindAll("[data-testid^=network-connect-]"));
        Assert.Empty(cut.FindAll("[data-testid^=network-disconnect-]"));
    }

    [Fact]
    public void An_operator_creates_a_network_and_it_is_audited()
    {
        var cut = RenderAs(Roles.Operator);
        cut.Find("input[data-testid=network-name]").Input("frontend");
        cut.Find("input[data-testid=network-subnet]").Input("10.94.0.0/24");
        Assert.Equal("docker network create --subnet 10.94.0.0/24 frontend", cut.Find("[data-testid=network-preview]").TextContent);
        cut.Find("[data-testid=network-create-submit]").Click();

        cut.WaitForAssertion(() => Assert.Contains("Created network frontend", cut.Find("[data-testid=networks-message]").TextContent));
        Assert.Equal("10.94.0.0/24", cut.Find("[data-testid=network-subnet-frontend]").TextContent);
        Assert.Equal(("alice", "network.create", "frontend"), _audit.Entries.Select(e => (e.Actor, e.Action, e.Target)).Single());
    }

    [Fact]
    public void An_operator_connects_and_disconnects_containers_and_both_are_audited()
    {
        var shared = FakeEngine.Record("sidecar");
        _engine.Replace([.. _engine.List(), FakeEngine.Record("worker", ContainerStatus.Exited),
            shared with { Config = shared.Config with { NetworkMode = Dashboard.Engine.Spec.NamespaceMode.Host } }]);
        var cut = RenderAs(Roles.Operator);

        // A running member is not offered again, nor is a container on the host's network.
        var choices = cut.Find("[data-testid=network-connect-choice-backend]").QuerySelectorAll("option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains("worker", choices);
        Assert.DoesNotContain("api", choices);
        Assert.DoesNotContain("sidecar", choices);

        cut.Find("[data-testid=network-connect-choice-backend]").Change("worker");
        cut.Find("[data-testid=network-connect-backend]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Connected worker to backend", cut.Find("[data-testid=networks-message]").TextContent));
        Assert.Contains("connect worker", _engine.Calls);

        cut.Find("[data-testid=network-disconnect-backend-api]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Disconnected api from backend", cut.Find("[data-testid=networks-message]").TextContent));
        Assert.Contains("disconnect api", _engine.Calls);
        Assert.Equal([("network.connect", "backend", "worker"), ("network.disconnect", "backend", "api")],
            _audit.Entries.Select(e => (e.Action, e.Target, e.Detail)).ToList());
    }

    [Fact]
    public void A_refused_connect_says_why_and_is_not_audited()
    {
        _engine.Replace([.. _engine.List(), FakeEngine.Record("worker", ContainerStatus.Exited)]);
        _engine.ConnectRefusal = new EndpointExistsException("worker", "backend");
        var cut = RenderAs(Roles.Operator);
        cut.Find("[data-testid=network-connect-backend]").Click();
        Assert.Contains("Choose a container", cut.Find("[data-testid=networks-error]").TextContent);

        cut.Find("[data-testid=network-connect-choice-backend]").Change("worker");
        cut.Find("[data-testid=network-connect-backend]").Click();
        cut.WaitForAssertion(() => Assert.Contains("endpoint with name worker already exists in network backend", cut.Find("[data-testid=networks-error]").TextContent));
        Assert.Empty(_audit.Entries);
    }

    [Fact]
    public void The_engines_refusals_show_at_their_fields()
    {
        var cut = RenderAs(Roles.Operator);
        cut.Find("input[data-testid=network-name]").Input("frontend");
        cut.Find("input[data-testid=network-subnet]").Input("10.94.0.0/33");
        cut.Find("[data-testid=network-create-submit]").Click();
        cut.WaitForAssertion(() => Assert.Contains("invalid subnet 10.94.0.0/33", cut.Find("[data-testid=error-network-Subnet]").TextContent));

        cut.Find("input[data-testid=network-name]").Input("backend");
        cut.Find("input[data-testid=network-subnet]").Input("");
        cut.Find("[data-testid=network-create-submit]").Click();
        cut.WaitForAssertion(() => Assert.Contains("network with name backend already exists", cut.Find("[data-testid=error-network-Name]").TextContent));
        Assert.Empty(_audit.Entries);
    }

    [Fact]
    public void Removing_a_network_in_use_says_so_and_an_unused_one_goes()
    {
        var cut = RenderAs(Roles.Operator);
        Assert.Empty(cut.FindAll("[data-testid=network-remove-bridge]")); // pre-defined
        cut.Find("[data-testid=network-remove-backend]").Click();
        cut.Find("[data-testid=network-remove-confirm]").Click();
        cut.WaitForAssertion(() => Assert.Contains("has active endpoints", cut.Find("[data-testid=networks-error]").TextContent));
        Assert.Contains("stop or disconnect them first", cut.Find("[data-testid=networks-error]").TextContent);
        Assert.NotEmpty(cut.FindAll("[data-testid=network-backend]"));

        _networks.Add(FakeNetworks.Network("spare", "10.95.0.0/24"));
        cut.Find("[aria-label='refresh']").Click();
        cut.Find("[data-testid=network-remove-spare]").Click();
        cut.Find("[data-testid=network-remove-confirm]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=network-spare]")));
        Assert.Equal(("network.remove", "spare"), _audit.Entries.Select(e => (e.Action, e.Target)).Single());
    }

    [Fact]
    public void Prune_removes_the_unused_networks_only()
    {
        _networks.Add(FakeNetworks.Network("spare", "10.95.0.0/24"));
        var cut = RenderAs(Roles.Operator);
        cut.Find("[data-testid=networks-prune]").Click();
        cut.WaitForAssertion(() => Assert.Equal("Removed spare", cut.Find("[data-testid=networks-message]").TextContent.Trim()));
        Assert.Equal(["bridge", "backend"], _networks.List().Select(n => n.Name));
        Assert.Equal(("network.prune", "spare"), _audit.Entries.Select(e => (e.Action, e.Detail!)).Single());
    }

    [Fact]
    public async Task A_network_event_refreshes_the_list()
    {
        var hub = new Dashboard.Engine.Events.EventHub(new InMemoryEventStore(), Microsoft.Extensions.Logging.Abstractions.NullLogger<Dashboard.Engine.Events.EventHub>.Instance);
        Services.AddSingleton(hub);
        var cut = RenderAs(Roles.Viewer);
        Assert.Empty(cut.FindAll("[data-testid=network-other]"));

        // Created elsewhere (docker network create): the engine publishes the event, the page lists it.
        var other = _networks.Add(FakeNetworks.Network("other", "10.96.0.0/24"));
        await hub.PublishAsync("network", "create", other.Id, new Dictionary<string, string> { ["name"] = "other" }, CancellationToken.None);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=network-other]")), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void Without_netavark_the_page_says_why()
    {
        _networks.UnavailableReason = "netavark is not installed";
        var cut = RenderAs(Roles.Operator);
        Assert.Contains("netavark is not installed", cut.Find("[data-testid=networks-unavailable]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=network-create]"));
    }
}
