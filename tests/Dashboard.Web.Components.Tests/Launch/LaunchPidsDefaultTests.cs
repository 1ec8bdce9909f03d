using Bunit.TestDoubles;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Images;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Launch;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Launch;

/// <summary>The launch form shows the daemon's default pids limit (Engine:DefaultPidsLimit) where a user decides it.</summary>
public sealed class LaunchPidsDefaultTests : BunitContext, IAsyncLifetime
{
    public LaunchPidsDefaultTests()
    {
        Services.AddMudServices();
        Services.AddScoped<UiActions>(); // pages act through it
        Services.AddSingleton<IContainerEngine>(new FakeEngine());
        Services.AddSingleton<IImageService>(new FakeImages(FakeImages.Image("busybox:latest", "00")));
        Services.AddSingleton<IAuditLog>(new FakeAuditLog());
        Services.AddSingleton(new HostInfo(2, 1L << 30, "6.1", "Linux", "host"));
        Services.AddSingleton(new EngineOptions { DefaultPidsLimit = 4096 });
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<LaunchForm> Render()
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetRoles(Roles.Operator);
        auth.SetPolicies([Roles.Policies.Operator, Roles.Policies.Viewer]);
        Render<MudBlazor.MudPopoverProvider>();
        return Render<LaunchForm>();
    }

    [Fact]
    public void The_pids_field_and_the_preview_show_the_default_and_minus_one_asks_for_none()
    {
        var cut = Render();
        var pids = cut.Find("input[data-testid=launch-pids]");
        Assert.Equal("4096 (default)", pids.GetAttribute("placeholder"));
        Assert.Contains("the daemon's default of 4096", cut.Markup);
        Assert.Equal("docker run -d --pids-limit 4096 busybox:latest", cut.Find("[data-testid=launch-preview]").TextContent);

        pids.Input("-1");
        cut.WaitForAssertion(() => Assert.Equal("docker run -d --pids-limit -1 busybox:latest", cut.Find("[data-testid=launch-preview]").TextContent));
        cut.Find("input[data-testid=launch-pids]").Input("100");
        cut.WaitForAssertion(() => Assert.Equal("docker run -d --pids-limit 100 busybox:latest", cut.Find("[data-testid=launch-preview]").TextContent));
    }
}
