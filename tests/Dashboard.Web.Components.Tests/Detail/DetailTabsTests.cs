using System.Text;
using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Engine.Stats;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Detail;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Detail;

/// <summary>The detail page's tabs, rendered on their own against the same fakes.</summary>
public sealed class DetailTabsTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeEngine _engine = new(FakeEngine.Web);
    private readonly EventHub _hub = new(new InMemoryEventStore(), NullLogger<EventHub>.Instance);
    private readonly FakeAuditLog _audit = new();

    public DetailTabsTests()
    {
        Services.AddSingleton<IContainerEngine>(_engine);
        Services.AddSingleton<IStatsService>(new FakeStats { Interval = TimeSpan.FromMilliseconds(20) });
        Services.AddSingleton(_hub);
        Services.AddSingleton<IAuditLog>(_audit);
        Services.AddMudServices();
        Services.AddScoped<UiActions>(); // pages act through it
        JSInterop.Mode = JSRuntimeMode.Loose;
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetRoles(Roles.Operator);
        auth.SetPolicies(Roles.Policies.Operator, Roles.Policies.Viewer);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private static LogEntry Line(LogStream stream, string text) => new(DateTimeOffset.UtcNow, stream, Encoding.UTF8.GetBytes(text + "\n"));

    [Fact]
    public void Logs_colour_stderr_filter_and_follow_new_lines()
    {
        _engine.Logs.Add(Line(LogStream.Stdout, "hello out"));
        _engine.Logs.Add(Line(LogStream.Stderr, "boom err"));
        var cut = Render<LogsTab>(p => p.Add(c => c.Container, _engine.Get("web")));

        cut.WaitForAssertion(() => Assert.Contains("boom err", cut.Find(".detail-log-stderr").TextContent), Wait);
        Assert.DoesNotContain("hello out", cut.Find(".detail-log-stderr").TextContent);

        cut.Find("input[data-testid=logs-follow]").Change(true);
        _engine.FollowLogs.Writer.TryWrite(Line(LogStream.Stdout, "live line"));
        cut.WaitForAssertion(() => Assert.Contains("live line", cut.Find("[data-testid=logs]").TextContent), Wait);

        cut.Find("input[data-testid=logs-search]").Input("boom");
        cut.WaitForAssertion(() => Assert.DoesNotContain("live line", cut.Find("[data-testid=logs]").TextContent), Wait);
        Assert.Contains("boom err", cut.Find("[data-testid=logs]").TextContent);
    }

    [Fact]
    public void Limits_errors_show_at_the_field_and_success_is_audited()
    {
        _engine.OnUpdateLimits = u => u.Memory == "1k"
            ? throw new ValidationException("memory", "Minimum memory limit allowed is 6MB")
            : _engine.Get("web");
        var cut = Render<LimitsTab>(p => p.Add(c => c.Container, _engine.Get("web")));

        cut.Find("input[data-testid=limit-memory]").Change("1k");
        cut.Find("[data-testid=limits-save]").Click();
        cut.WaitForAssertion(() => Assert.Contains("Minimum memory limit allowed is 6MB", cut.Find("[data-testid=limits-form]").TextContent), Wait);
        Assert.Empty(_audit.Entries);

        cut.Find("input[data-testid=limit-memory]").Change("64m");
        cut.Find("[data-testid=limits-save]").Click();
        cut.WaitForAssertion(() => Assert.Contains(("alice", "container.update", "web", (string?)"memory=64m"), _audit.Entries), Wait);
    }

    [Fact]
    public async Task Inspect_shows_the_record_as_json_and_events_arrive_live()
    {
        var inspect = Render<InspectTab>(p => p.Add(c => c.Container, _engine.Get("web")));
        Assert.Contains($"\"id\": \"{_engine.Get("web").Id}\"", inspect.Find("[data-testid=inspect-json]").TextContent);

        var events = Render<EventsTab>(p => p.Add(c => c.ContainerId, _engine.Get("web").Id));
        await _hub.PublishAsync("container", "die", _engine.Get("web").Id, new Dictionary<string, string> { ["exitCode"] = "137" }, CancellationToken.None);
        events.WaitForAssertion(() => Assert.Contains("exitCode=137", events.Find("[data-testid=events]").TextContent), Wait);
    }
}
