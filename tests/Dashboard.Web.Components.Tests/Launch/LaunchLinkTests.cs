using Dashboard.Web.Access;
using Dashboard.Web.Components.Layout;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Launch;

/// <summary>The Launch link is for operators and admins only.</summary>
public sealed class LaunchLinkTests : BunitContext, IAsyncLifetime
{
    public LaunchLinkTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    [Theory]
    [InlineData(Roles.Viewer, false)]
    [InlineData(Roles.Operator, true)]
    public void Launch_link_follows_the_operator_policy(string role, bool seesLaunch)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("someone");
        auth.SetRoles(role);
        auth.SetPolicies(role == Roles.Operator ? [Roles.Policies.Operator, Roles.Policies.Viewer] : [Roles.Policies.Viewer]);
        var links = Render<NavMenu>().FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(seesLaunch, links.Contains("containers/new"));
    }
}
