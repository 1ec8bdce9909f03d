using Dashboard.Data;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Containers.Logs;
using Dashboard.Engine.Hosting;
using Dashboard.Engine.Images;
using Dashboard.Engine.Persistence;
using Dashboard.Web.Access;
using Dashboard.Web.Components;
using Dashboard.Web.DockerApi;
using Dashboard.Web.Hubs;
using Dashboard.Web.Metrics;
using Dashboard.Web.NativeApi;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Hosting;

/// <summary>
/// The daemon, composed once: <see cref="Build"/> binds and validates every configuration section, registers the
/// services and maps the pipeline; <see cref="RunAsync"/> is the daemon's start (settings checked, data root secured,
/// engine started, then served). Program.cs calls both. Tests call <see cref="Build"/> with a hook that sets their
/// configuration and swaps in fakes, then start the app themselves: they run the production composition (Aspire's
/// DashboardWebApplication takes the same hook, "for unit testing").
/// </summary>
public static class DashboardApp
{
    /// <param name="configure">Runs after every production registration and before the app is built: configuration it
    /// adds wins (every section is read lazily), and services it registers replace the daemon's.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // The root appsettings.json is copied next to the binary; make that the content root so "dotnet run" from the
        // repository loads it too. Environment variables (Engine__DataRoot=...) still override it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var configuration = builder.Configuration;
        var services = builder.Services;

        services.AddOptions<EngineOptions>().Bind(configuration.GetSection(EngineOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>();
        services.AddOptions<ApiOptions>().Bind(configuration.GetSection(ApiOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ApiOptions>, ApiOptionsValidator>();
        // Consumers take the validated values themselves; there is no second way to read a section.
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ApiOptions>>().Value);
        services.AddSingleton(sp => ImageLimits.From(sp.GetRequiredService<EngineOptions>()));
        services.AddSingleton(sp => LogFileLimits.Defaults(sp.GetRequiredService<EngineOptions>()));
        services.AddSingleton(_ => HostInfo.Read());

        services.AddDockerApi(configuration);
        KestrelEndpoints.Configure(builder);
        services.AddDashboardData(sp => sp.GetRequiredService<EngineOptions>().DatabasePath);
        services.AddProblemDetails();
        services.AddEngineHub();
        services.AddContainerMetrics();
        EngineHolder.Register(services);
        // Web UI and access control (Access/AccessSetup.cs, Components/UiSetup.cs).
        services.AddDashboardAccess(configuration, sp => KeysDirectory(sp.GetRequiredService<EngineOptions>()));
        services.AddDashboardUi();
        builder.UseDashboardStaticAssets();

        configure?.Invoke(builder);
        var app = builder.Build();

        // Unix socket: its own authentication scheme (an admin). TCP: cookie or bearer token. Each route declares its
        // policy and, when it changes state, its audit action where it is mapped below (Access/RouteAccess.cs).
        app.UseDashboardAccess(publicFiles: a => a.UseDashboardAssets());
        app.UseDockerApiHeaders();
        app.MapGet("/healthz", () => Results.Text("ok")).AllowAnonymous();
        app.MapNativeApi();
        app.MapEngineHub();
        app.MapMetrics();
        app.MapAccessEndpoints();
        app.MapDashboardUi();
        app.MapDockerApi();
        return app;
    }

    /// <summary>Where the cookie-signing keys live: under the data root, so sessions survive a restart.</summary>
    public static string KeysDirectory(EngineOptions engine) => Path.Combine(engine.DataRoot, "keys");

    /// <summary>The daemon's start: every section checked (a bad value stops it here, with messages that name the key),
    /// the data root secured, the engine started; then it serves until stopped. Returns the exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Dashboard");
        if (ConfigurationErrors(app.Services) is { Count: > 0 } errors)
        {
            foreach (var error in errors) logger.LogCritical("Invalid configuration: {Reason}", error);
            return 1;
        }
        var engineOptions = app.Services.GetRequiredService<EngineOptions>();
        var keysDirectory = KeysDirectory(engineOptions);
        try
        {
            // Before the database or a key file is created: data root 0710, database files 0600, keys 0700 (DataRootPermissions.cs).
            DataRootPermissions.Secure(engineOptions.DataRoot, engineOptions.DatabasePath, keysDirectory, logger);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            logger.LogCritical("The data root {DataRoot} cannot be secured: {Reason}", engineOptions.DataRoot, ex.Message);
            return 1;
        }

        EngineHost engine;
        try
        {
            engine = await EngineHost.CreateAsync(engineOptions, app.Services.GetRequiredService<IContainerStore>(),
                app.Services.GetRequiredService<IEventStore>(), app.Services.GetRequiredService<ILoggerFactory>(),
                CancellationToken.None, app.Services.GetRequiredService<HostInfo>(), app.Services.GetRequiredService<IStatsRollupStore>(),
                app.Services.GetRequiredService<INetworkStore>(), app.Services.GetRequiredService<IVolumeStore>());
            app.Services.GetRequiredService<EngineHolder>().Host = engine;
            await engine.StartAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is Dashboard.Engine.EngineException or IOException or UnauthorizedAccessException)
        {
            logger.LogCritical("The engine cannot start: {Reason}", ex.Message);
            return 1;
        }

        var api = app.Services.GetRequiredService<ApiOptions>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            KestrelEndpoints.ProtectSocket(api, logger);
            _ = AccessSetup.AnnounceSetupLinkAsync(app.Services, logger, CancellationToken.None);
        });
        // Not app.RunAsync: it disposes the host, and with it the database, before the engine is stopped here; the
        // engine's shutdown still writes (the stats of the minute in progress).
        try
        {
            await app.StartAsync();
            await app.WaitForShutdownAsync();
        }
        finally
        {
            // Containers keep running under conmon; only the engine's watchers stop.
            await engine.DisposeAsync();
            await app.DisposeAsync();
        }
        return 0;
    }

    /// <summary>Every failure of every section bound with ValidateOnStart, one message each.</summary>
    public static IReadOnlyList<string> ConfigurationErrors(IServiceProvider services)
    {
        try
        {
            services.GetRequiredService<IStartupValidator>().Validate();
            return [];
        }
        catch (OptionsValidationException e) { return e.Failures.ToList(); }
        catch (AggregateException e) when (e.InnerExceptions.All(i => i is OptionsValidationException))
        {
            return e.InnerExceptions.Cast<OptionsValidationException>().SelectMany(i => i.Failures).ToList();
        }
        catch (InvalidOperationException e) when (e.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal))
        {
            // The binder's own message names the key and the type ("... at 'Engine:StatsRingMinutes' to type 'System.Int32'").
            return [e.Message];
        }
    }
}
