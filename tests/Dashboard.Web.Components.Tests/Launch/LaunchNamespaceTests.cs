using Bunit.TestDoubles;
using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Images;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Launch;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Launch;

/// <summary>The launch form's Namespaces section: its own / a running container's / the host's (admins only), the
/// docker-run flags, and the engine's answers at the namespace fields.</summary>
public sealed class LaunchNamespaceTests : BunitContext, IAsyncLifetime
{
    private readonly FakeEngine _engine = new();

    public LaunchNamespaceTests()
    {
        Services.AddMudServices();
        Services.AddScoped<UiActions>(); // pages act through it
        Services.AddSingleton<IContainerEngine>(_engine);
        Services.AddSingleton<IImageService>(new FakeImages(FakeImages.Image("busybox:latest", "00")));
        Services.AddSingleton<IAuditLog>(new FakeAuditLog());
        Services.AddSingleton(new HostInfo(2, 1L << 30, "6.1", "Linux", "host"));
        Services.AddSingleton(new EngineOptions { DefaultPidsLimit = 0 }); // a daemon without a default pids limit
        JSInterop.Mode = JSRuntimeMode.Loose;
        _engine.Add("web", ContainerStatus.Running);
        _engine.Add("old", ContainerStatus.Exited);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<LaunchForm> RenderAs(string role)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetRoles(role);
        auth.SetPolicies(role == Roles.Admin
            ? [Roles.Policies.Admin, Roles.Policies.Operator, Roles.Policies.Viewer]
            : [Roles.Policies.Operator, Roles.Policies.Viewer]);
        Render<MudPopoverProvider>();
        return Render<LaunchForm>();
    }

    private static IRenderedComponent<NamespaceChoice> Choice(IRenderedComponent<LaunchForm> cut, string field) =>
        cut.FindComponents<NamespaceChoice>().Single(c => c.Instance.Field == field);

    private static async Task Choose(IRenderedComponent<LaunchForm> cut, string field, string mode, string? container = null)
    {
        var choice = Choice(cut, field);
        await cut.InvokeAsync(() => choice.Instance.ModeChanged.InvokeAsync(mode));
        if (container is not null) await cut.InvokeAsync(() => Choice(cut, field).Instance.ContainerChanged.InvokeAsync(container));
    }

    private static string Preview(IRenderedComponent<LaunchForm> cut) => cut.Find("[data-testid=launch-preview]").TextContent;

    private static LaunchModel Model(IRenderedComponent<LaunchForm> cut) =>
        (LaunchModel)typeof(LaunchForm).GetField("_model", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(cut.Instance)!;

    [Fact]
    public async Task Sharing_with_a_running_container_shows_in_the_preview_and_reaches_the_engine()
    {
        var cut = RenderAs(Roles.Operator);
        Assert.All(["network", "pid", "ipc"], f => Assert.Equal(["web"], Choice(cut, f).Instance.Containers));
        Assert.Empty(cut.FindAll("[data-testid=launch-pid-container]"));

        await Choose(cut, "network", "container", "web");
        await Choose(cut, "pid", "container", "web");
        await Choose(cut, "ipc", "container", "web");
        Assert.NotEmpty(cut.FindAll("[data-testid=launch-pid-container]"));
        Assert.EndsWith("--network container:web --pid container:web --ipc container:web busybox:latest", Preview(cut));
        Assert.Empty(cut.FindAll("[data-testid^=error-]"));

        cut.Find("[data-testid=launch-submit]").Click();
        cut.WaitForAssertion(() => Assert.Single(_engine.Created));
        var request = _engine.Created[0];
        Assert.Equal(("container:web", "container:web", "container:web", null), (request.NetworkMode, request.PidMode, request.IpcMode, request.UtsMode));
    }

    [Fact]
    public void Operators_are_not_offered_host_namespaces_and_a_forged_one_is_an_error_at_its_field()
    {
        var cut = RenderAs(Roles.Operator);
        Assert.All(cut.FindComponents<NamespaceChoice>(), c => Assert.False(c.Instance.ShowHost));
        Assert.DoesNotContain("the host", cut.Find("[data-testid=launch-form]").TextContent);

        Model(cut).PidMode = "host";
        Model(cut).UtsMode = "host";
        cut.Find("input[data-testid=launch-name]").Input("web2");
        Assert.Contains("only admins may use the host's PID namespace", cut.Find("[data-testid=error-pid]").TextContent);
        Assert.Contains("only admins may use the host's UTS namespace", cut.Find("[data-testid=error-uts]").TextContent);
        Assert.True(cut.Find("[data-testid=launch-submit]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task Admins_may_choose_host_namespaces()
    {
        var cut = RenderAs(Roles.Admin);
        Assert.All(cut.FindComponents<NamespaceChoice>(), c => Assert.True(c.Instance.ShowHost));
        await Choose(cut, "pid", "host");
        await Choose(cut, "uts", "host");
        await Choose(cut, "ipc", "host");
        Assert.EndsWith("--pid host --ipc host --uts host busybox:latest", Preview(cut));
        Assert.Empty(cut.FindAll("[data-testid^=error-]"));
        cut.Find("[data-testid=launch-submit]").Click();
        cut.WaitForAssertion(() => Assert.Equal("host", Assert.Single(_engine.Created).PidMode));
    }

    [Fact]
    public async Task A_container_choice_needs_a_running_container()
    {
        var cut = RenderAs(Roles.Operator);
        await Choose(cut, "network", "container");
        Assert.Contains("name the container to share with", cut.Find("[data-testid=error-network]").TextContent);

        Model(cut).NetworkContainer = "old";
        cut.Find("input[data-testid=launch-name]").Input("web2");
        Assert.Contains("old is not running: start it first", cut.Find("[data-testid=error-network]").TextContent);

        Model(cut).NetworkContainer = "ghost";
        cut.Find("input[data-testid=launch-name]").Input("web3");
        Assert.Contains("no such container: ghost", cut.Find("[data-testid=error-network]").TextContent);
        Assert.True(cut.Find("[data-testid=launch-submit]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task The_engines_rules_show_at_the_fields()
    {
        var cut = RenderAs(Roles.Operator);
        await Choose(cut, "network", "container", "web");
        cut.Find("input[data-testid=launch-hostname]").Input("mine");
        Assert.Contains("conflicting options: hostname and the network mode", cut.Find("[data-testid=error-hostname]").TextContent);
        cut.Find("input[data-testid=launch-hostname]").Input("");
        Assert.Empty(cut.FindAll("[data-testid^=error-]"));

        // The target stopped between the check and the start: the engine's 409 lands at the network field.
        _engine.StartFailure = new NamespaceJoinException("network", new string('a', 64), "cannot join the network namespace of web: it is not running; start web first");
        cut.Find("[data-testid=launch-submit]").Click();
        cut.WaitForAssertion(() => Assert.Contains("cannot join the network namespace of web", cut.Find("[data-testid=error-network]").TextContent));
        Assert.Contains("did not start", cut.Find("[data-testid=error-network]").TextContent);
    }
}
