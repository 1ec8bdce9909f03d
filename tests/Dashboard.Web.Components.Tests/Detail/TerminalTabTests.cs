using Dashboard.Engine.Containers;
using Dashboard.Engine.ContainerFiles;
using Dashboard.Engine.Events;
using Dashboard.Engine.Stats;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Detail;
using Dashboard.Web.Components.Pages;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Detail;

/// <summary>
/// The Terminal tab's role and state logic against fakes; terminal.js is a bUnit module whose calls are recorded (the
/// real one, over a real daemon, is exercised by the browser tests in Dashboard.EndToEnd.Tests).
/// </summary>
public sealed class TerminalTabTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeEngine _engine = new(FakeEngine.Web);
    private readonly FakeContainerFiles _files = new();
    private readonly BunitJSModuleInterop _terminal;

    public TerminalTabTests()
    {
        Services.AddSingleton<IContainerEngine>(_engine);
        Services.AddSingleton<IContainerFiles>(_files);
        Services.AddSingleton<IStatsService>(new FakeStats());
        Services.AddSingleton(new EventHub(new InMemoryEventStore(), NullLogger<EventHub>.Instance));
        Services.AddSingleton<IAuditLog>(new FakeAuditLog());
        Services.AddMudServices();
        Services.AddScoped<UiActions>();
        JSInterop.Mode = JSRuntimeMode.Loose;
        JSInterop.SetupModule("./assets/charts.js").Mode = JSRuntimeMode.Loose;
        _terminal = JSInterop.SetupModule(TerminalSessions.ModulePath);
        _terminal.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private bool _signedIn;

    private void SignIn(string role)
    {
        if (_signedIn) return; // once per context: services are fixed after the first render
        _signedIn = true;
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetRoles(role);
        auth.SetPolicies(role switch
        {
            Roles.Admin => [Roles.Policies.Admin, Roles.Policies.Operator, Roles.Policies.Viewer],
            Roles.Operator => [Roles.Policies.Operator, Roles.Policies.Viewer],
            _ => [Roles.Policies.Viewer],
        });
    }

    private IRenderedComponent<ContainerDetail> RenderPage(string role, string? tab = null)
    {
        SignIn(role);
        return Render<ContainerDetail>(p => p.Add(c => c.IdOrName, "web").Add(c => c.Tab, tab));
    }

    private IRenderedComponent<TerminalTab> RenderTab(ContainerRecord container, TerminalSessions? sessions = null)
    {
        SignIn(Roles.Operator);
        sessions ??= new TerminalSessions(JSInterop.JSRuntime);
        return Render<TerminalTab>(p => p.Add(c => c.Container, container).Add(c => c.Sessions, sessions));
    }

    private static List<string> TabNames(IRenderedComponent<ContainerDetail> cut) =>
        cut.FindAll("[data-testid=detail-tabs] .mud-tab").Select(t => t.TextContent.Trim()).ToList();

    /// <summary>The command of each terminal.js open() call, in order.</summary>
    private List<string> Opened() => _terminal.Invocations["open"]
        .Select(i => string.Join(" ", (IEnumerable<string>)i.Arguments[2]!.GetType().GetProperty("command")!.GetValue(i.Arguments[2])!))
        .ToList();

    [Theory]
    [InlineData(Roles.Operator, true)]
    [InlineData(Roles.Admin, true)]
    [InlineData(Roles.Viewer, false)]
    public void Only_operators_and_admins_have_the_tab(string role, bool sees)
    {
        var cut = RenderPage(role);
        Assert.Equal(sees, TabNames(cut).Contains("Terminal"));
    }

    [Fact]
    public void A_viewer_following_a_terminal_link_lands_on_logs_and_no_session_opens()
    {
        var cut = RenderPage(Roles.Viewer, "terminal");
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=logs]")), Wait);
        Assert.Empty(cut.FindAll("[data-testid=terminals]"));
        Assert.Empty(_terminal.Invocations["open"]);
        Assert.Empty(_files.Stats);
    }

    [Fact]
    public void The_tabs_address_opens_it_and_the_first_terminal_runs_the_default_shell()
    {
        var cut = RenderPage(Roles.Operator, "terminal");
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=terminal]")), Wait);
        cut.WaitForAssertion(() => Assert.Equal(["/bin/sh"], Opened()), Wait);
        var open = _terminal.Invocations["open"][0].Arguments;
        Assert.Equal(_engine.Get("web").Id, open[2]!.GetType().GetProperty("containerId")!.GetValue(open[2]));
    }

    [Fact]
    public void Bash_is_offered_and_chosen_only_when_the_container_has_it()
    {
        var withoutBash = RenderTab(FakeEngine.Web);
        withoutBash.WaitForAssertion(() => Assert.Equal(["/bin/sh"], Opened()), Wait);
        Assert.Empty(withoutBash.FindAll("[data-testid=terminal-shell-bash]"));
        Assert.Equal(["/bin/bash"], _files.Stats.ToList()); // one stat, no process started

        _files.Paths["/bin/bash"] = FakeContainerFiles.Executable("bash");
        var withBash = RenderTab(FakeEngine.Web);
        withBash.WaitForAssertion(() => Assert.Equal(["/bin/sh", "/bin/bash"], Opened()), Wait);
        Assert.Single(withBash.FindAll("[data-testid=terminal-shell-bash]"));
        Assert.Single(withBash.FindAll("[data-testid=terminal-shell-sh]"));
    }

    [Fact]
    public void A_bash_that_is_not_executable_or_a_dangling_link_does_not_count()
    {
        _files.Paths["/bin/bash"] = new PathStat("bash", 10, 0x8000 | 0b110_100_100, DateTimeOffset.UtcNow, "");
        var plainFile = RenderTab(FakeEngine.Web);
        plainFile.WaitForAssertion(() => Assert.Equal(["/bin/sh"], Opened()), Wait);

        _files.Paths["/bin/bash"] = new PathStat("bash", 10, 0xA000 | 0b111_111_111, DateTimeOffset.UtcNow, "");
        var dangling = RenderTab(FakeEngine.Web);
        dangling.WaitForAssertion(() => Assert.Equal(["/bin/sh", "/bin/sh"], Opened()), Wait);
        Assert.Empty(dangling.FindAll("[data-testid=terminal-shell-bash]"));
    }

    [Fact]
    public void New_terminal_adds_one_beside_the_others_with_the_chosen_command()
    {
        var cut = RenderTab(FakeEngine.Web);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=terminal]")), Wait);

        cut.Find("[data-testid=terminal-new]").Click();
        cut.Find("[data-testid=terminal-shell-custom]").Click();
        cut.Find("input[data-testid=terminal-command]").Change("sh -c 'echo \"hi there\"; exec sh'");
        cut.Find("[data-testid=terminal-new]").Click();

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=terminal]").Count), Wait);
        cut.WaitForAssertion(() => Assert.Equal(["/bin/sh", "/bin/sh", "sh -c echo \"hi there\"; exec sh"], Opened()), Wait);
        var ids = cut.FindAll("[data-testid=terminal]").Select(t => t.GetAttribute("data-session")).ToList();
        Assert.Equal(3, ids.Distinct().Count()); // each its own session
    }

    [Theory]
    [InlineData("sh -c 'unfinished", "Unterminated single quote")]
    [InlineData("   ", "Type a command to run")]
    public void A_custom_command_that_cannot_run_says_why_and_opens_nothing(string line, string error)
    {
        var cut = RenderTab(FakeEngine.Web);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=terminal]")), Wait);
        cut.Find("[data-testid=terminal-shell-custom]").Click();
        cut.Find("input[data-testid=terminal-command]").Change(line);
        cut.Find("[data-testid=terminal-new]").Click();

        cut.WaitForAssertion(() => Assert.Contains(error, cut.Markup), Wait);
        Assert.Single(cut.FindAll("[data-testid=terminal]"));
    }

    [Theory]
    [InlineData(ContainerStatus.Exited, "web is exited: a terminal needs a running container. Start it to open one.")]
    [InlineData(ContainerStatus.Paused, "web is paused: unpause it to type in a terminal.")]
    [InlineData(ContainerStatus.Created, "web is created: a terminal needs a running container. Start it to open one.")]
    public void A_container_that_is_not_running_says_so_and_opens_no_terminal(ContainerStatus status, string text)
    {
        var cut = RenderTab(FakeEngine.Record("web", status));
        Assert.Equal(text, cut.Find("[data-testid=terminal-not-running]").TextContent.Trim());
        Assert.True(cut.Find("[data-testid=terminal-new]").HasAttribute("disabled"));
        Assert.Empty(cut.FindAll("[data-testid=terminal]"));
        Assert.Empty(_terminal.Invocations["open"]);
        Assert.Empty(_files.Stats);
    }

    [Fact]
    public void The_state_terminal_js_reports_shows_and_a_finished_session_offers_reconnect()
    {
        var sessions = new TerminalSessions(JSInterop.JSRuntime);
        var cut = RenderTab(FakeEngine.Web, sessions);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=terminal]")), Wait);
        var session = sessions.All.Single();
        Assert.Equal("connecting…", cut.Find("[data-testid=terminal-status]").TextContent);

        cut.InvokeAsync(() => session.OnState("connected", null, null));
        cut.WaitForAssertion(() => Assert.Equal("connected", cut.Find("[data-testid=terminal-status]").TextContent), Wait);
        Assert.Empty(cut.FindAll("[data-testid=terminal-reconnect]"));

        cut.InvokeAsync(() => session.OnState("exited", 3, null));
        cut.WaitForAssertion(() => Assert.Equal("disconnected (exit code 3)", cut.Find("[data-testid=terminal-status]").TextContent), Wait);
        Assert.Equal("exited", cut.Find("[data-testid=terminal]").GetAttribute("data-state"));
        cut.Find("[data-testid=terminal-reconnect]").Click();
        cut.WaitForAssertion(() => Assert.Equal(session.Id, _terminal.Invocations["reconnect"].Single().Arguments[0]), Wait);

        cut.InvokeAsync(() => session.OnState("lost", null, "refused: Container web is not running"));
        cut.WaitForAssertion(() => Assert.Equal("disconnected (refused: Container web is not running)",
            cut.Find("[data-testid=terminal-status]").TextContent), Wait);
    }

    [Fact]
    public void A_stopped_container_keeps_its_terminals_on_screen_but_reconnect_waits_for_it_to_run()
    {
        var sessions = new TerminalSessions(JSInterop.JSRuntime);
        var cut = RenderTab(FakeEngine.Web, sessions);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=terminal]")), Wait);
        cut.InvokeAsync(() => sessions.All.Single().OnState("lost", null, "connection lost"));

        cut.Render(p => p.Add(c => c.Container, FakeEngine.Record("web", ContainerStatus.Exited, id: FakeEngine.Web.Id)));
        cut.WaitForAssertion(() => Assert.True(cut.Find("[data-testid=terminal-reconnect]").HasAttribute("disabled")), Wait);
        Assert.Single(cut.FindAll("[data-testid=terminal]"));
        Assert.NotEmpty(cut.FindAll("[data-testid=terminal-not-running]"));

        cut.Render(p => p.Add(c => c.Container, FakeEngine.Web));
        cut.WaitForAssertion(() => Assert.False(cut.Find("[data-testid=terminal-reconnect]").HasAttribute("disabled")), Wait);
        Assert.Single(cut.FindAll("[data-testid=terminal]")); // no second "first" terminal on the restart
    }

    [Fact]
    public void Closing_a_terminal_ends_its_session_in_the_browser()
    {
        var sessions = new TerminalSessions(JSInterop.JSRuntime);
        var cut = RenderTab(FakeEngine.Web, sessions);
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=terminal]")), Wait);
        var id = sessions.All.Single().Id;

        cut.Find("[data-testid=terminal-close]").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=terminal]")), Wait);
        Assert.Equal(id, _terminal.Invocations["close"].Single().Arguments[0]);
    }

    [Fact]
    public async Task Leaving_the_tab_keeps_the_sessions_and_leaving_the_page_ends_them()
    {
        var cut = RenderPage(Roles.Operator, "terminal");
        cut.WaitForAssertion(() => Assert.Single(_terminal.Invocations["open"]), Wait);
        var id = (string)_terminal.Invocations["open"][0].Arguments[0]!;

        cut.FindAll("[data-testid=detail-tabs] .mud-tab").Single(t => t.TextContent.Trim() == "Logs").Click();
        cut.WaitForAssertion(() => Assert.Empty(cut.FindAll("[data-testid=terminals]")), Wait);
        Assert.Empty(_terminal.Invocations["close"]);
        cut.FindAll("[data-testid=detail-tabs] .mud-tab").Single(t => t.TextContent.Trim() == "Terminal").Click();
        cut.WaitForAssertion(() => Assert.Equal(2, _terminal.Invocations["open"].Count), Wait);
        Assert.Equal(id, _terminal.Invocations["open"][1].Arguments[0]); // the same session, put back

        await DisposeComponentsAsync();
        cut.WaitForAssertion(() => Assert.Equal(id, _terminal.Invocations["close"].Single().Arguments[0]), Wait);
    }
}
