using Dashboard.Web.Access;
using Dashboard.Web.Components.Pages;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests;

/// <summary>The notice a signed-in user gets for a page their role does not allow (the cookie's AccessDeniedPath).</summary>
public sealed class ForbiddenPageTests : BunitContext, IAsyncLifetime
{
    public ForbiddenPageTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        var auth = AddAuthorization();
        auth.SetAuthorized("watcher");
        auth.SetRoles(Roles.Viewer);
    }

    public Task InitializeAsync() => Task.CompletedTask;
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<Forbidden> RenderWith(string returnUrl)
    {
        var navigation = Services.GetRequiredService<NavigationManager>();
        navigation.NavigateTo(navigation.GetUriWithQueryParameter("ReturnUrl", returnUrl));
        return Render<Forbidden>();
    }

    [Fact]
    public void Names_the_user_the_role_and_the_refused_page()
    {
        var cut = RenderWith("/settings?tab=tokens");
        Assert.Contains("Your role does not allow this page.", cut.Find("[data-testid=forbidden]").TextContent);
        Assert.Contains("Signed in as watcher (viewer); /settings needs a role with more rights.", cut.Find("[data-testid=forbidden-detail]").TextContent);
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("https://evil.example/x")]
    [InlineData("/\t/evil.example/x")] // a browser drops the tab: //evil.example/x
    [InlineData("/\\evil.example/x")] // and reads "\" as "/"
    [InlineData("\t//evil.example/x")]
    public void Echoes_only_a_local_path(string returnUrl)
    {
        var cut = RenderWith(returnUrl);
        Assert.DoesNotContain("evil", cut.Markup);
        Assert.Contains("Signed in as watcher (viewer).", cut.Find("[data-testid=forbidden-detail]").TextContent);
    }
}
