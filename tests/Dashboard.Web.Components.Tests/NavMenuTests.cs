using Dashboard.Web.Access;
using Dashboard.Web.Components.Layout;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests;

/// <summary>The navigation shows admins the admin pages and nobody else.</summary>
public sealed class NavMenuTests : BunitContext
{
    public NavMenuTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    [Theory]
    [InlineData(Roles.Viewer, false)]
    [InlineData(Roles.Operator, false)]
    [InlineData(Roles.Admin, true)]
    public void Admin_links_follow_the_role(string role, bool seesAdminPages)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("someone");
        auth.SetRoles(role);
        if (role == Roles.Admin) auth.SetPolicies(Roles.Policies.Admin, Roles.Policies.Operator, Roles.Policies.Viewer);
        else if (role == Roles.Operator) auth.SetPolicies(Roles.Policies.Operator, Roles.Policies.Viewer);
        else auth.SetPolicies(Roles.Policies.Viewer);

        var cut = Render<NavMenu>();
        var links = cut.FindAll("a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Contains("containers", links);
        Assert.Equal(seesAdminPages, links.Contains("settings"));
        Assert.Equal(seesAdminPages, links.Contains("audit"));
        Assert.Equal(seesAdminPages, links.Contains("namespaces"));
    }
}
