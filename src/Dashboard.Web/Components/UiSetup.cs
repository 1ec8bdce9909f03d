using Dashboard.Web.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;
using MudBlazor.Services;

namespace Dashboard.Web.Components;

/// <summary>
/// Wires the Blazor Server UI: <see cref="AddDashboardUi"/> (Razor components, interactive server, MudBlazor) and
/// <see cref="MapDashboardUi"/> (framework and MudBlazor files, our own wwwroot-assets/ at /assets, the pages).
/// Pages live in Components/Pages, the shell in Components/Layout; add nav links in NavMenu.razor.
/// </summary>
public static class UiSetup
{
    /// <summary>
    /// A build (not a publish) keeps framework and MudBlazor files in the NuGet cache and lists them in
    /// Dashboard.Web.staticwebassets.runtime.json; load that list when it is there (dotnet run, tests), whatever the
    /// environment. A published install serves them from its wwwroot/ instead.
    /// </summary>
    public static WebApplicationBuilder UseDashboardStaticAssets(this WebApplicationBuilder builder)
    {
        var manifest = Path.Combine(AppContext.BaseDirectory, "Dashboard.Web.staticwebassets.runtime.json");
        if (File.Exists(manifest))
        {
            builder.Configuration[WebHostDefaults.StaticWebAssetsKey] = manifest;
            Microsoft.AspNetCore.Hosting.StaticWebAssets.StaticWebAssetsLoader.UseStaticWebAssets(builder.Environment, builder.Configuration);
        }
        return builder;
    }

    public static IServiceCollection AddDashboardUi(this IServiceCollection services)
    {
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddSingleton<Host.IRuncChangelogSource, Host.DebianRuncChangelog>();
        services.TryAddSingleton<Networks.INetworkCatalog, Networks.EngineNetworkCatalog>();
        services.TryAddSingleton(TimeProvider.System); // tests move a FakeTimeProvider instead
        // Bottom right: alerts (an OOM kill can come at any moment) must not cover the page's action buttons.
        services.AddMudServices(config => config.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        return services;
    }

    /// <summary>Our own wwwroot-assets/ at /assets: public files (the login page needs them), so the pipeline serves
    /// them before authorization.</summary>
    public static IApplicationBuilder UseDashboardAssets(this IApplicationBuilder app)
    {
        // wwwroot-assets/ is copied next to the binary (see the csproj): this works for dotnet run, tests and installs alike.
        var assets = Path.Combine(AppContext.BaseDirectory, "wwwroot-assets");
        if (Directory.Exists(assets))
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(assets), RequestPath = "/assets" });
        return app;
    }

    /// <summary>The framework and MudBlazor files (public, like /assets), and the pages with their circuit. Each page
    /// declares its policy with [Authorize(Policy = ...)] or [AllowAnonymous]; the circuit's own endpoints (/_blazor)
    /// are a viewer's transport. Actions taken on a page are authorized and audited by <see cref="UiActions"/>.</summary>
    public static WebApplication MapDashboardUi(this WebApplication app)
    {
        // Named explicitly: the default follows the entry assembly's name, which differs when a test host composes us.
        // In a group so that its conventions reach the development-time fallback MapStaticAssets adds for a build's
        // files ({**path:file}) as well as the listed files.
        app.MapGroup("").AllowAnonymous()
            .MapStaticAssets(Path.Combine(AppContext.BaseDirectory, "Dashboard.Web.staticwebassets.endpoints.json"));
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode().Add(DeclareCircuitAccess);
        return app;
    }

    /// <summary>Pages keep the policy their attributes declare; the endpoints Blazor maps for the circuit need a viewer
    /// (negotiate, the WebSocket, disconnect, initializers), except the redirect helper for enhanced navigation, which
    /// only sends the browser on (to a page that checks for itself) and so must work before a login too.</summary>
    private static void DeclareCircuitAccess(EndpointBuilder endpoint)
    {
        if (endpoint.Metadata.OfType<ComponentTypeMetadata>().Any())
        {
            endpoint.Metadata.Add(new NotAudited("a page: GET renders it, POST is Blazor's form handling; actions on it go through UiActions, which audits them"));
            return;
        }
        if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: "/_framework/opaque-redirect" })
        {
            endpoint.Metadata.Add(new AllowAnonymousAttribute());
            return;
        }
        endpoint.Metadata.Add(new AuthorizeAttribute(Roles.Policies.Viewer));
        endpoint.Metadata.Add(new NotAudited("the circuit's transport: page events arrive here, and UiActions audits the actions they start"));
    }
}
