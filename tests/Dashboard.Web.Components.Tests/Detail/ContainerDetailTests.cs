using Dashboard.Engine.Events;
using Dashboard.Engine.Stats;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Pages;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Detail;

/// <summary>The container detail page against in-memory fakes of the engine, the stats service and the audit log.</summary>
public sealed class ContainerDetailTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeEngine _engine = new(FakeEngine.Web);
    private readonly FakeStats _stats = new() { Interval = TimeSpan.FromMilliseconds(20) };
    private readonly EventHub _hub = new(new InMemoryEventStore(), NullLogger<EventHub>.Instance);
    private readonly FakeAuditLog _audit = new();
    private readonly BunitJSModuleInterop _charts;

    public ContainerDetailTests()
    {
        Services.AddSingleton<Dashboard.Engine.Containers.IContainerEngine>(_engine);
        Services.AddSingleton<IStatsService>(_stats);
        Services.AddSingleton(_hub);
        Services.AddSingleton<IAuditLog>(_audit);
        Services.AddMudServices();
        Services.AddScoped<UiActions>(); // pages act through it
        JSInterop.Mode = JSRuntimeMode.Loose;
        _charts = JSInterop.SetupModule("./assets/charts.js");
        _charts.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor services are IAsyncDisposable only, so the context must be disposed asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private string Id => _engine.Get("web").Id;

    private IRenderedComponent<ContainerDetail> RenderAs(string role)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetRoles(role);
        if (role == Roles.Operator) auth.SetPolicies(Roles.Policies.Operator, Roles.Policies.Viewer);
        else auth.SetPolicies(Roles.Policies.Viewer);
        return Render<ContainerDetail>(p => p.Add(c => c.IdOrName, "web"));
    }

    [Fact]
    public void Uptime_keeps_counting_while_nothing_else_changes()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetRoles(Roles.Viewer);
        auth.SetPolicies(Roles.Policies.Viewer);
        var container = FakeEngine.Web with
        {
            State = FakeEngine.Web.State with { StartedAt = DateTimeOffset.UtcNow.AddSeconds(-3) },
        };
        var cut = Render<Dashboard.Web.Components.Detail.ContainerHeader>(p => p.Add(c => c.Container, container));
        var first = cut.Find("[data-testid=uptime]").TextContent;
        Assert.Matches(@"^up [34] s$", first);

        // No new parameters and no engine change: only the header's own ticker can move the text on.
        cut.WaitForAssertion(() => Assert.NotEqual(first, cut.Find("[data-testid=uptime]").TextContent), Wait);
        Assert.Matches(@"^up \d s$", cut.Find("[data-testid=uptime]").TextContent);
    }

    [Fact]
    public void The_memory_figure_reads_as_the_containers_list_writes_it()
    {
        // The list shows "20 MiB / 64 MiB" for this sample (LiveContainersTests); the page used to say "20.0 MiB of 64.0 MiB".
        var cut = RenderAs(Roles.Viewer);
        cut.WaitForAssertion(() => Assert.Equal(6, _charts.Invocations["init"].Count), Wait);

        _stats.Live.Writer.TryWrite(FakeStats.Sample(Id, DateTimeOffset.UtcNow, 10, 20 << 20));

        cut.WaitForAssertion(() => Assert.Equal("20 MiB of 64 MiB", cut.Find("[data-testid=mem-now]").TextContent.Trim()), Wait);
    }

    [Fact]
    public void A_new_sample_sends_exactly_that_point_to_each_chart()
    {
        var now = DateTimeOffset.UtcNow;
        _stats.Add(FakeStats.Sample(Id, now.AddSeconds(-10), 10, 1000));
        _stats.Add(FakeStats.Sample(Id, now.AddSeconds(-5), 20, 2000));
        var cut = RenderAs(Roles.Viewer);

        cut.WaitForAssertion(() => Assert.Equal(6, _charts.Invocations["init"].Count), Wait);
        var cpuInit = _charts.Invocations["init"][0].Arguments;
        Assert.Equal(2, ((List<double[]>)cpuInit[2]!).Count);
        Assert.Equal(50.0, cpuInit[3]); // 0.5 CPUs is a 50 % line
        Assert.Equal(64.0, _charts.Invocations["init"][2].Arguments[3]); // the pids limit line
        Assert.All(_charts.Invocations["init"].Skip(2), i => Assert.Equal(2, ((List<double[]>)i.Arguments[2]!).Count));
        Assert.Empty(_charts.Invocations["append"]);

        var sample = FakeStats.Sample(Id, now, 42, 3000);
        _stats.Live.Writer.TryWrite(sample);

        cut.WaitForAssertion(() => Assert.Equal(6, _charts.Invocations["append"].Count), Wait);
        var sent = _charts.Invocations["append"].Select(i => (List<double[]>)i.Arguments[1]!).ToList();
        var (cpu, mem, pids, net, blkio, iface) = (sent[0], sent[1], sent[2], sent[3], sent[4], sent[5]);
        Assert.Equal([now.ToUnixTimeMilliseconds(), 42, 0], Assert.Single(cpu));
        Assert.Equal([now.ToUnixTimeMilliseconds(), 3000, 1500], Assert.Single(mem));
        Assert.Equal(64.0 * 1024 * 1024, _charts.Invocations["append"][1].Arguments[2]);
        Assert.Equal([now.ToUnixTimeMilliseconds(), 30], Assert.Single(pids));
        Assert.Equal(64.0, _charts.Invocations["append"][2].Arguments[2]);
        // 5 s after the 2000-byte sample: rx 1000 B over eth0+lo and tx 500 B => 200 and 100 B/s.
        Assert.Equal([now.ToUnixTimeMilliseconds(), 200, 100], Assert.Single(net));
        Assert.Equal([now.ToUnixTimeMilliseconds(), 400, 200], Assert.Single(blkio));
        // Per interface, loopback left out: eth0 alone received 750 B (3/4 of rx) and sent 500 B in 5 s.
        Assert.Equal([now.ToUnixTimeMilliseconds(), 150, 100], Assert.Single(iface));
        cut.WaitForAssertion(() => Assert.Equal("↓ 150 B/s ↑ 100 B/s", cut.Find("[data-testid=iface-now-eth0]").TextContent.Trim()), Wait);
        Assert.Empty(cut.FindAll("[data-testid=iface-now-lo]"));

        Thread.Sleep(200); // no re-sends of older points afterwards
        Assert.Equal(6, _charts.Invocations["append"].Count);
    }

    [Fact]
    public void The_per_interface_chart_has_a_series_pair_per_interface_and_starts_anew_when_they_change()
    {
        var now = DateTimeOffset.UtcNow;
        _stats.Add(FakeStats.Sample(Id, now.AddSeconds(-5), 20, 2000));
        var cut = RenderAs(Roles.Viewer);
        cut.WaitForAssertion(() => Assert.Equal(6, _charts.Invocations["init"].Count), Wait);
        Assert.Equal(["eth0 rx", "eth0 tx"], SeriesNames(_charts.Invocations["init"][5].Arguments[1]!));

        // Restarted onto two networks: eth0 and eth1.
        var sample = FakeStats.Sample(Id, now, 20, 4000);
        var two = sample with { Networks = [.. sample.Networks, new NetworkInterfaceStats("eth1", 10, 0, 0, 0, 20, 0, 0, 0)] };
        _stats.Live.Writer.TryWrite(two);
        cut.WaitForAssertion(() => Assert.Equal(12, _charts.Invocations["init"].Count), Wait);
        Assert.Equal(["eth0 rx", "eth0 tx", "eth1 rx", "eth1 tx"], SeriesNames(_charts.Invocations["init"][11].Arguments[1]!));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=iface-now-eth1]")), Wait);
    }

    private static List<string> SeriesNames(object options) =>
        ((object[])((Dictionary<string, object>)options)["series"]).Select(o => (string)o.GetType().GetProperty("name")!.GetValue(o)!).ToList();

    [Fact]
    public async Task An_oom_event_of_this_container_adds_a_marker()
    {
        var cut = RenderAs(Roles.Viewer);
        cut.WaitForAssertion(() => Assert.Equal(6, _charts.Invocations["init"].Count), Wait);

        await _hub.PublishAsync("container", "oom", "someone-else", new Dictionary<string, string>(), CancellationToken.None);
        var oom = await _hub.PublishAsync("container", "oom", Id, new Dictionary<string, string> { ["name"] = "web" }, CancellationToken.None);

        // A marker changes no markup, so there is no render for WaitForAssertion to wake on: poll instead.
        Assert.True(SpinWait.SpinUntil(() => _charts.Invocations["marker"].Count > 0, Wait), "no marker was drawn");
        Thread.Sleep(100);
        Assert.Single(_charts.Invocations["marker"]);
        Assert.Equal(oom.Time.ToUnixTimeMilliseconds(), Convert.ToInt64(_charts.Invocations["marker"][0].Arguments[1]));
    }

    [Fact]
    public void A_viewer_sees_no_action_buttons()
    {
        var cut = RenderAs(Roles.Viewer);
        Assert.Contains("web", cut.Find("[data-testid=detail-name]").TextContent);
        Assert.Contains("running", cut.Find("[data-testid=state-chip]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=detail-actions]"));
        Assert.Empty(cut.FindAll("[data-testid=limits-form]"));
    }

    [Fact]
    public void An_operator_stop_calls_the_engine_and_records_the_audit()
    {
        var cut = RenderAs(Roles.Operator);
        cut.Find("[data-testid=action-stop]").Click();

        cut.WaitForAssertion(() => Assert.Contains("stop web", _engine.Calls), Wait);
        cut.WaitForAssertion(() => Assert.Contains(("alice", "container.stop", "web", (string?)null), _audit.Entries), Wait);
    }

    [Fact]
    public async Task Leaving_the_page_ends_the_stats_subscription()
    {
        var cut = RenderAs(Roles.Viewer);
        cut.WaitForAssertion(() => Assert.Equal(1, _stats.Subscribers), Wait);
        await DisposeComponentsAsync();
        Assert.Equal(0, _stats.Subscribers);
    }
}
