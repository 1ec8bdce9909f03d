using Dashboard.Engine.Events;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Events;
using Dashboard.Web.Components.Pages;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Events;

/// <summary>The events page: history plus live events, newest first, filtered in place.</summary>
public sealed class EventsPageTests : BunitContext, IAsyncLifetime
{
    private readonly EventHub _hub;
    private readonly InMemoryEventStore _store;

    public EventsPageTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        _hub = InMemoryEventStore.NewHub(out _store);
        Services.AddSingleton(_hub);
        var auth = AddAuthorization();
        auth.SetAuthorized("viewer");
        auth.SetRoles(Roles.Viewer);
        auth.SetPolicies(Roles.Policies.Viewer);
    }

    private static List<string> Actors(IRenderedComponent<Dashboard.Web.Components.Pages.Events> cut) =>
        cut.FindAll("[data-testid=event-actor]").Select(td => td.TextContent.Trim()).ToList();

    [Fact]
    public async Task History_then_live_events_newest_first_with_links_and_attributes()
    {
        var now = DateTimeOffset.UtcNow;
        _store.Seed(now.AddDays(-2), "container", "start", "ancient");   // outside the default 24 h
        _store.Seed(now.AddHours(-2), "container", "start", "web");
        _store.Seed(now.AddHours(-1), "container", "die", "web", ("exitCode", "137"), ("oomKilled", "true"), ("memoryLimit", "67108864"));

        var cut = Render<Dashboard.Web.Components.Pages.Events>();
        cut.WaitForAssertion(() => Assert.Equal(["web", "web"], Actors(cut)));
        Assert.Contains("64 MiB", cut.Markup);
        Assert.Contains("oomKilled", cut.Markup);
        Assert.Contains("href=\"containers/web\"", cut.Markup);

        await _hub.PublishAsync("container", "create", "id-db", new Dictionary<string, string> { ["name"] = "db" }, CancellationToken.None);
        await _hub.PublishAsync("image", "load", "sha256:abc", new Dictionary<string, string> { ["name"] = "busybox:latest" }, CancellationToken.None);
        cut.WaitForAssertion(() => Assert.Equal(["busybox:latest", "db", "web", "web"], Actors(cut)), TimeSpan.FromSeconds(2));
    }

    private static AngleSharp.Dom.IElement NameInput(IRenderedComponent<Dashboard.Web.Components.Pages.Events> cut)
    {
        var marked = cut.Find("[data-testid=name-filter]");
        return marked.TagName == "INPUT" ? marked : marked.QuerySelector("input")!;
    }

    [Fact]
    public void The_name_filter_keeps_matching_containers_only()
    {
        var now = DateTimeOffset.UtcNow;
        _store.Seed(now.AddMinutes(-3), "container", "start", "web-1");
        _store.Seed(now.AddMinutes(-2), "container", "start", "db");
        _store.Seed(now.AddMinutes(-1), "container", "stop", "WEB-2");

        var cut = Render<Dashboard.Web.Components.Pages.Events>();
        cut.WaitForAssertion(() => Assert.Equal(3, Actors(cut).Count));
        NameInput(cut).Input("web");
        cut.WaitForAssertion(() => Assert.Equal(["WEB-2", "web-1"], Actors(cut)));
    }

    [Fact]
    public void Type_and_action_filters()
    {
        EngineEvent E(string type, string action, string name) =>
            new(1, DateTimeOffset.UtcNow, type, action, "id", new Dictionary<string, string> { ["name"] = name });
        var image = new EventFilter(Type: "image");
        Assert.True(image.Matches(E("image", "load", "busybox")));
        Assert.False(image.Matches(E("container", "start", "web")));
        var actions = new EventFilter(Actions: ["oom", "die"]);
        Assert.True(actions.Matches(E("container", "oom", "web")));
        Assert.False(actions.Matches(E("container", "start", "web")));
        Assert.True(new EventFilter("", [], "").Matches(E("container", "start", "web")));
    }

    [Fact]
    public void The_action_filter_offers_exactly_the_actions_the_engine_publishes()
    {
        // The filter compares with EngineEvent.Action: an offered name the engine never writes (Docker's "update" for
        // our "limits-updated") matched nothing.
        var published = typeof(EventActions).GetFields().Where(f => f.IsLiteral).Select(f => (string)f.GetRawConstantValue()!);
        Assert.Equal(published.Order(), EventRange.KnownActions.Order());
        Assert.True(new EventFilter(Actions: [.. EventRange.KnownActions]).Matches(
            new(1, DateTimeOffset.UtcNow, EventTypes.Container, EventActions.LimitsUpdated, "id", new Dictionary<string, string>())));
    }

    [Fact]
    public void The_feed_caps_rows_and_drops_events_it_already_has()
    {
        var feed = new EventFeed(capacity: 3);
        EngineEvent E(long seq) => new(seq, DateTimeOffset.UtcNow, "container", "start", "id", new Dictionary<string, string>());
        feed.Load([E(1), E(2)]);
        feed.Enqueue(E(2)); // overlap between history and live
        feed.Enqueue(E(3));
        feed.Enqueue(E(4));
        Assert.True(feed.Drain());
        Assert.Equal([4L, 3, 2], feed.Rows.Select(r => r.Sequence));
        Assert.False(feed.Drain());
    }

    [Fact]
    public async Task History_pages_through_a_busy_range_and_keeps_the_newest()
    {
        var since = DateTimeOffset.UtcNow.AddHours(-1);
        for (var i = 0; i < EventHistory.PageSize * 2 + 10; i++) _store.Seed(since.AddSeconds(1), "container", "start", "c" + i);
        var newest = await EventHistory.NewestAsync(_hub, since, 500, CancellationToken.None);
        Assert.Equal(500, newest.Count);
        Assert.Equal("c" + (EventHistory.PageSize * 2 + 9), newest[^1].Attributes["name"]);
        Assert.True(newest.Zip(newest.Skip(1)).All(p => p.First.Sequence < p.Second.Sequence));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor services are IAsyncDisposable only, so the context must be disposed asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
