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
        services.TryAddSingleton(TimeProvider.System); // tests move a FakeTimeProvider instead
        // Bottom right: alerts (an OOM kill can come at any moment) must not cover the page's action buttons.
        services.AddMudServices(config => config.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        return services;
    }

    public static WebApplication MapDashboardUi(this WebApplication app)
    {
        // wwwroot-assets/ is copied next to the binary (see the csproj): this works for dotnet run, tests and installs alike.
        var assets = Path.Combine(AppContext.BaseDirectory, "wwwroot-assets");
        if (Directory.Exists(assets))
            app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(assets), RequestPath = "/assets" });
        // Named explicitly: the default follows the entry assembly's name, which differs when a test host composes us.
        app.MapStaticAssets(Path.Combine(AppContext.BaseDirectory, "Dashboard.Web.staticwebassets.endpoints.json"));
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
