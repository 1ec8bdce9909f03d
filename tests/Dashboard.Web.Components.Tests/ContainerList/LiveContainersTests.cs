using Dashboard.Engine.Containers;
using Dashboard.Engine.Stats;
using Dashboard.Web.Access;
using Dashboard.Web.Components.ContainerList;
using Dashboard.Web.Components.Tests.ContainerList;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.ContainerList;

/// <summary>The live Containers table against a channel-driven engine and stats service.</summary>
public sealed class LiveContainersTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly ContainerRecord _web = FakeEngine.Record("web");
    private readonly ContainerRecord _db = FakeEngine.Record("db", ContainerStatus.Exited, image: "postgres:16");
    private readonly ContainerRecord _cache = FakeEngine.Record("cache", oom: true, restarts: 3);
    private readonly FakeEngine _engine;
    private readonly FakeStats _stats = new();
    private readonly FakeAuditLog _audit = new();

    public LiveContainersTests()
    {
        _engine = new FakeEngine(_web, _db, _cache);
        Services.AddSingleton<IContainerEngine>(_engine);
        Services.AddSingleton<IStatsService>(_stats);
        Services.AddSingleton<IAuditLog>(_audit);
        Services.AddMudServices();
        Services.AddScoped<UiActions>(); // pages act through it
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    private IRenderedComponent<LiveContainers> RenderAs(string role)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized(role + "-user");
        auth.SetRoles(role);
        auth.SetPolicies(role == Roles.Viewer ? [Roles.Policies.Viewer] : [Roles.Policies.Operator, Roles.Policies.Viewer]);
        return Render<LiveContainers>();
    }

    private static string Table(IRenderedComponent<LiveContainers> cut) => cut.Find("[data-testid=containers-table]").TextContent;

    [Fact]
    public void Shows_the_snapshot_with_status_restarts_and_oom_badge()
    {
        var cut = RenderAs(Roles.Viewer);
        Assert.Contains("web", Table(cut));
        Assert.Contains("postgres:16", Table(cut));
        Assert.Equal("exited", cut.Find("[data-testid=status-db]").TextContent.Trim());
        Assert.NotNull(cut.Find("[data-testid=oom-cache]"));
        Assert.Empty(cut.FindAll("[data-testid=oom-web]"));
    }

    [Fact]
    public async Task A_change_from_the_watch_updates_the_row_and_adds_new_ones()
    {
        var cut = RenderAs(Roles.Viewer);
        await _engine.Changes.Writer.WriteAsync(new ContainerChange(ContainerChangeKind.Updated,
            _web with { State = _web.State with { Status = ContainerStatus.Exited } }));
        await _engine.Changes.Writer.WriteAsync(new ContainerChange(ContainerChangeKind.Added, FakeEngine.Record("worker")));
        await _engine.Changes.Writer.WriteAsync(new ContainerChange(ContainerChangeKind.Removed, _db));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("exited", cut.Find("[data-testid=status-web]").TextContent.Trim());
            Assert.NotNull(cut.Find("[data-testid=name-worker]"));
            Assert.Empty(cut.FindAll("[data-testid=name-db]"));
        }, Wait);
    }

    [Fact]
    public void An_overflowed_watch_is_replaced_by_a_fresh_snapshot()
    {
        var cut = RenderAs(Roles.Viewer);
        _engine.Replace(_web, FakeEngine.Record("after-overflow"));
        _engine.Changes.Writer.TryComplete(new ContainerWatchOverflowException());

        cut.WaitForAssertion(() =>
        {
            Assert.NotNull(cut.Find("[data-testid=name-after-overflow]"));
            Assert.Empty(cut.FindAll("[data-testid=name-db]"));
        }, Wait);
        Assert.Equal(2, _engine.WatchCount);
    }

    [Fact]
    public async Task A_stats_tick_extends_the_sparklines()
    {
        var cut = RenderAs(Roles.Viewer);
        Assert.Equal("0", cut.Find("[data-testid=cpu-web]").GetAttribute("data-points"));

        await _stats.Ticks.Writer.WriteAsync(new StatsTick(DateTimeOffset.UtcNow, [FakeStats.Sample(_web, 12.5, 10 << 20, 64 << 20)]));
        await _stats.Ticks.Writer.WriteAsync(new StatsTick(DateTimeOffset.UtcNow, [FakeStats.Sample(_web, 40, 20 << 20, 64 << 20)]));

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("2", cut.Find("[data-testid=cpu-web]").GetAttribute("data-points"));
            Assert.Equal("2", cut.Find("[data-testid=mem-web]").GetAttribute("data-points"));
            Assert.Contains("40.0%", Table(cut));
            Assert.Contains("20 MiB / 64 MiB", Table(cut));
        }, Wait);
        var points = cut.Find("[data-testid=cpu-web] polyline").GetAttribute("points")!.Split(' ');
        Assert.Equal(2, points.Length);
        Assert.Equal("0", cut.Find("[data-testid=cpu-db]").GetAttribute("data-points"));
    }

    [Fact]
    public async Task The_memory_limit_shown_is_the_one_in_effect_from_the_stats_not_the_configured_one()
    {
        // A --memory the host cannot reach limits nothing: the sample has none (EffectiveLimits), so neither has the row.
        var huge = FakeEngine.Record("huge");
        huge = huge with { Config = huge.Config with { Resources = huge.Config.Resources with { MemoryBytes = 1L << 40 } } };
        _engine.Replace(_web, _db, _cache, huge);
        var cut = RenderAs(Roles.Viewer);

        await _stats.Ticks.Writer.WriteAsync(new StatsTick(DateTimeOffset.UtcNow, [FakeStats.Sample(huge, 5, 20 << 20, limit: null)]));

        cut.WaitForAssertion(() =>
        {
            var row = cut.FindAll("tr").Single(r => r.TextContent.Contains("huge"));
            Assert.Contains("20 MiB", row.TextContent);
            Assert.DoesNotContain("20 MiB /", row.TextContent);
        }, Wait);
    }

    [Fact]
    public void Sparklines_start_from_the_recent_stats_history()
    {
        _stats.Add(FakeStats.Sample(_web, 1, 1), FakeStats.Sample(_web, 2, 2), FakeStats.Sample(_web, 3, 3));
        var cut = RenderAs(Roles.Viewer);
        Assert.Equal("3", cut.Find("[data-testid=cpu-web]").GetAttribute("data-points"));
        Assert.Equal("0", cut.Find("[data-testid=cpu-db]").GetAttribute("data-points"));
    }

    [Fact]
    public void Search_and_status_filter_narrow_the_rows()
    {
        var cut = RenderAs(Roles.Viewer);
        cut.Find("[data-testid=container-search] input, input[data-testid=container-search]").Input("postg");
        cut.WaitForAssertion(() =>
        {
            Assert.NotNull(cut.Find("[data-testid=name-db]"));
            Assert.Empty(cut.FindAll("[data-testid=name-web]"));
        }, Wait);

        cut.Find("[data-testid=container-search] input, input[data-testid=container-search]").Input("");
        // The search box is debounced (150 ms, a real timer): the cleared search must land before the filter is
        // clicked, as it does for a person, or the click's render races the debounce under load.
        cut.WaitForAssertion(() => Assert.NotNull(cut.Find("[data-testid=name-web]")), Wait);
        cut.Find("[data-testid=filter-running]").Click();
        cut.WaitForAssertion(() =>
        {
            Assert.NotNull(cut.Find("[data-testid=name-web]"));
            Assert.NotNull(cut.Find("[data-testid=name-cache]"));
            Assert.Empty(cut.FindAll("[data-testid=name-db]"));
        }, Wait);
    }

    [Fact]
    public void Bulk_stop_stops_each_selected_container_and_audits_it()
    {
        var cut = RenderAs(Roles.Operator);
        cut.Find("input[data-testid=select-web]").Change(true);
        cut.Find("input[data-testid=select-cache]").Change(true);
        cut.Find("[data-testid=bulk-stop]").Click();

        cut.WaitForAssertion(() => Assert.Equal(2, _engine.Calls.Count), Wait);
        Assert.Equal(["stop cache", "stop web"], _engine.Calls.OrderBy(c => c).ToArray());
        Assert.Equal(["cache", "web"], _audit.Entries.Where(e => e.Action == "container.stop").Select(e => e.Target!).Order().ToArray());
        Assert.All(_audit.Entries, e => Assert.Equal("operator-user", e.Actor));
    }

    [Fact]
    public void A_viewer_sees_no_bulk_buttons_or_checkboxes()
    {
        var cut = RenderAs(Roles.Viewer);
        Assert.Empty(cut.FindAll("[data-testid=bulk-actions]"));
        Assert.Empty(cut.FindAll("[data-testid=bulk-stop]"));
        Assert.Empty(cut.FindAll("[data-testid=select-web]"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
