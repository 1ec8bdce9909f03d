using Bunit.TestDoubles;
using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Images;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Launch;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Launch;

/// <summary>The launch form against a fake engine: live validation at the fields, the preview, submit and policy.</summary>
public sealed class LaunchFormTests : BunitContext, IAsyncLifetime
{
    private readonly FakeEngine _engine = new();
    private readonly FakeAuditLog _audit = new();

    public LaunchFormTests()
    {
        Services.AddMudServices();
        Services.AddScoped<UiActions>(); // pages act through it
        Services.AddSingleton<IContainerEngine>(_engine);
        Services.AddSingleton<IImageService>(new FakeImages(FakeImages.Image("busybox:latest", "00")));
        Services.AddSingleton<IAuditLog>(_audit);
        Services.AddSingleton(new HostInfo(2, 1L << 30, "6.1", "Linux", "host"));
        Services.AddSingleton(new EngineOptions { DefaultPidsLimit = 0 }); // a daemon without a default pids limit
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor services are IAsyncDisposable only, so the context must be disposed asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<LaunchForm> RenderAs(string role)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetRoles(role);
        auth.SetPolicies(role switch
        {
            Roles.Admin => [Roles.Policies.Admin, Roles.Policies.Operator, Roles.Policies.Viewer],
            Roles.Operator => [Roles.Policies.Operator, Roles.Policies.Viewer],
            _ => [Roles.Policies.Viewer],
        });
        Render<MudBlazor.MudPopoverProvider>();
        return Render<LaunchForm>();
    }

    private static void Type(IRenderedComponent<LaunchForm> cut, string testId, string value) =>
        cut.Find($"input[data-testid={testId}]").Input(value);

    [Fact]
    public void Errors_show_at_their_field_before_submit()
    {
        var cut = RenderAs(Roles.Operator);
        Assert.Empty(cut.FindAll("[data-testid^=error-]"));

        Type(cut, "launch-memory", "200x");
        Type(cut, "launch-cpus", "99");

        Assert.NotEmpty(cut.Find("[data-testid=error-memory]").TextContent);
        Assert.Contains("99", cut.Find("[data-testid=error-cpus]").TextContent);
        Assert.True(cut.Find("[data-testid=launch-submit]").HasAttribute("disabled"));
        Assert.Empty(_engine.Created);

        Type(cut, "launch-memory", "200");
        Type(cut, "launch-cpus", "0.25");
        Assert.Empty(cut.FindAll("[data-testid^=error-]"));
        Assert.False(cut.Find("[data-testid=launch-submit]").HasAttribute("disabled"));
    }

    [Fact]
    public void Preview_follows_the_fields()
    {
        var cut = RenderAs(Roles.Operator);
        Assert.Equal("docker run -d busybox:latest", cut.Find("[data-testid=launch-preview]").TextContent);

        Type(cut, "launch-name", "web");
        Type(cut, "launch-cpus", "0.25");
        Type(cut, "launch-memory", "200");
        Type(cut, "launch-command", "sleep 1000");
        Assert.Equal("docker run -d --name web --cpus 0.25 --memory 200m busybox:latest sleep 1000",
            cut.Find("[data-testid=launch-preview]").TextContent);

        cut.Find("[data-testid=launch-env-add]").Click();
        cut.Find("input[data-testid=launch-env-key-0]").Input("GREETING");
        cut.Find("input[data-testid=launch-env-value-0]").Input("hello world");
        Assert.Contains("-e 'GREETING=hello world'", cut.Find("[data-testid=launch-preview]").TextContent);
    }

    [Fact]
    public void Copy_puts_the_preview_on_the_clipboard()
    {
        var cut = RenderAs(Roles.Operator);
        cut.Find("[data-testid=launch-copy]").Click();
        var call = Assert.Single(JSInterop.Invocations, i => i.Identifier == "navigator.clipboard.writeText");
        Assert.Equal("docker run -d busybox:latest", call.Arguments[0]);
    }

    [Fact]
    public void Submit_creates_starts_audits_and_goes_to_the_list()
    {
        var cut = RenderAs(Roles.Operator);
        Type(cut, "launch-name", "web");
        Type(cut, "launch-memory", "200");
        Type(cut, "launch-command", "sh -c 'sleep 1000'");
        cut.Find("[data-testid=launch-submit]").Click();

        cut.WaitForAssertion(() => Assert.Single(_engine.Started));
        var request = Assert.Single(_engine.Created);
        Assert.Equal("busybox:latest", request.Image);
        Assert.Equal("web", request.Name);
        Assert.Equal("200m", request.Memory);
        Assert.Equal(["sh", "-c", "sleep 1000"], request.Cmd);
        Assert.Contains(("alice", "container.create", (string?)"web"), _audit.Entries.Select(e => (e.Actor, e.Action, e.Target)));
        Assert.EndsWith("/containers", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void A_name_conflict_lands_at_the_name_field()
    {
        _engine.CreateFailure = new NameConflictException("web", new string('c', 64));
        var cut = RenderAs(Roles.Operator);
        Type(cut, "launch-name", "web");
        cut.Find("[data-testid=launch-submit]").Click();

        cut.WaitForAssertion(() => Assert.Contains("web", cut.Find("[data-testid=error-name]").TextContent));
        Assert.Empty(_engine.Started);
        Assert.Empty(_audit.Entries);
    }

    [Fact]
    public void A_missing_image_lands_at_the_image_field()
    {
        _engine.CreateFailure = new ImageNotFoundException("busybox:latest");
        var cut = RenderAs(Roles.Operator);
        cut.Find("[data-testid=launch-submit]").Click();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.Find("[data-testid=error-image]").TextContent));
    }

    [Fact]
    public void A_failed_start_is_reported_and_the_create_audited()
    {
        _engine.StartFailure = new OciRuntimeException("runc start", 1, "boom");
        var cut = RenderAs(Roles.Operator);
        Type(cut, "launch-name", "web");
        cut.Find("[data-testid=launch-submit]").Click();

        cut.WaitForAssertion(() => Assert.Contains("did not start", cut.Find("[data-testid=launch-errors]").TextContent));
        Assert.Single(_engine.Created);
        Assert.Contains(("alice", "container.create", (string?)"web"), _audit.Entries.Select(e => (e.Actor, e.Action, e.Target)));
        Assert.Equal("http://localhost/", Services.GetRequiredService<NavigationManager>().Uri);
    }

    [Fact]
    public void Host_network_is_refused_for_operators()
    {
        var cut = RenderAs(Roles.Operator);
        Assert.DoesNotContain("host", cut.Find("[data-testid=launch-preview]").TextContent);
        // The option is not offered; even so, a forged value is an error at the network field.
        var model = (LaunchModel)typeof(LaunchForm).GetField("_model", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(cut.Instance)!;
        model.NetworkMode = "host";
        cut.Find("input[data-testid=launch-name]").Input("web");
        Assert.Contains("admins", cut.Find("[data-testid=error-network]").TextContent);
    }

    [Fact]
    public void Viewers_get_no_submit()
    {
        var cut = RenderAs(Roles.Viewer);
        Assert.Empty(cut.FindAll("[data-testid=launch-submit]"));
    }

    [Fact]
    public void The_page_requires_the_operator_policy()
    {
        var attribute = typeof(Dashboard.Web.Components.Pages.Launch)
            .GetCustomAttributes(typeof(Microsoft.AspNetCore.Authorization.AuthorizeAttribute), true)
            .Cast<Microsoft.AspNetCore.Authorization.AuthorizeAttribute>().Single();
        Assert.Equal(Roles.Policies.Operator, attribute.Policy);
    }
}
