using Dashboard.Web.Access;
using Dashboard.Web.Components.Layout;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Events;

/// <summary>Viewers see the Events and Host links.</summary>
public sealed class NavLinksTests : BunitContext
{
    [Fact]
    public void Viewers_see_events_and_host()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        var auth = AddAuthorization();
        auth.SetAuthorized("v");
        auth.SetRoles(Roles.Viewer);
        auth.SetPolicies(Roles.Policies.Viewer);
        var links = Render<NavMenu>().FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("events", links);
        Assert.Contains("host", links);
    }
}
