using Dashboard.Engine.Events;
using Dashboard.Web.Components.Alerts;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Alerts;

/// <summary>An OOM kill anywhere shows a snackbar naming the container, the victim and the limit.</summary>
public sealed class OomAlertsTests : BunitContext, IAsyncLifetime
{
    private readonly EventHub _hub;

    public OomAlertsTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        _hub = InMemoryEventStore.NewHub(out _);
        Services.AddSingleton(_hub);
        _auth = AddAuthorization();
        _auth.SetAuthorized("viewer");
    }

    private readonly Bunit.TestDoubles.BunitAuthorizationContext _auth;

    private IRenderedComponent<MudSnackbarProvider> RenderAlerts()
    {
        var provider = Render<MudSnackbarProvider>();
        Render<OomAlerts>();
        return provider;
    }

    [Fact]
    public async Task An_oom_event_shows_container_victim_and_limit_with_a_link()
    {
        var provider = RenderAlerts();
        await _hub.PublishAsync("container", "oom", "abc123", new Dictionary<string, string>
        {
            ["name"] = "web",
            ["victimCommand"] = "stress",
            ["victimPid"] = "4242",
            ["memoryLimit"] = (64L * 1024 * 1024).ToString(),
        }, CancellationToken.None);

        provider.WaitForAssertion(() =>
        {
            var alert = provider.Find("[data-testid=oom-alert]");
            Assert.Contains("web", alert.TextContent);
            Assert.Contains("stress (pid 4242)", alert.TextContent);
            Assert.Contains("64 MiB", alert.TextContent);
            Assert.Equal("containers/web", alert.QuerySelector("a")!.GetAttribute("href"));
        }, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_die_with_oomKilled_alerts_and_a_normal_die_does_not()
    {
        var provider = RenderAlerts();
        await _hub.PublishAsync("container", "die", "a1", new Dictionary<string, string> { ["name"] = "calm", ["exitCode"] = "0", ["oomKilled"] = "false" }, CancellationToken.None);
        await _hub.PublishAsync("container", "die", "a2", new Dictionary<string, string> { ["name"] = "greedy", ["exitCode"] = "137", ["oomKilled"] = "true" }, CancellationToken.None);

        provider.WaitForAssertion(() => Assert.Contains("greedy", provider.Find("[data-testid=oom-alert]").TextContent), TimeSpan.FromSeconds(1));
        Assert.Single(provider.FindAll("[data-testid=oom-alert]"));
        Assert.DoesNotContain("calm", provider.Markup);
    }

    [Fact]
    public async Task After_dispose_no_alert_is_shown()
    {
        var provider = Render<MudSnackbarProvider>();
        var cut = Render<OomAlerts>();
        cut.WaitForState(() => _hub.SubscriberCount == 1, TimeSpan.FromSeconds(10));
        cut.Instance.Dispose();
        Assert.Equal(0, _hub.SubscriberCount); // the subscription went with it: nothing published now can reach the page
        await _hub.PublishAsync("container", "oom", "x", new Dictionary<string, string> { ["name"] = "gone" }, CancellationToken.None);
        Assert.Empty(provider.FindAll("[data-testid=oom-alert]"));
    }

    [Fact]
    public async Task Signed_out_visitors_get_no_alerts()
    {
        _auth.SetNotAuthorized();
        var provider = RenderAlerts();
        // The first render's after-render step has run (its authentication state is already known): no subscription.
        Assert.Equal(0, _hub.SubscriberCount);
        await _hub.PublishAsync("container", "oom", "x", new Dictionary<string, string> { ["name"] = "secret" }, CancellationToken.None);
        Assert.Empty(provider.FindAll("[data-testid=oom-alert]"));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor services are IAsyncDisposable only, so the context must be disposed asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
