using Dashboard.Data;
using Dashboard.Engine.Containers.Logs;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Hosting;
using Dashboard.Engine.Images;
using Dashboard.Engine.Persistence;
using Dashboard.Web.Access;
using Dashboard.Web.Components;
using Dashboard.Web.DockerApi;
using Dashboard.Web.Hosting;
using Dashboard.Web.Hubs;
using Dashboard.Web.Metrics;
using Dashboard.Web.NativeApi;

// The root appsettings.json is copied next to the binary; make that the content root so "dotnet run" from the
// repository loads it too. Environment variables (Engine__DataRoot=...) still override it.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});

var engineOptions = builder.Configuration.GetSection(EngineOptions.Section).Get<EngineOptions>() ?? new EngineOptions();
var apiOptions = builder.Configuration.GetSection(ApiOptions.Section).Get<ApiOptions>() ?? new ApiOptions();
var accessOptions = builder.Configuration.GetSection(AccessOptions.Section).Get<AccessOptions>() ?? new AccessOptions();

builder.Services.AddDockerApi(builder.Configuration);
KestrelEndpoints.Configure(builder, apiOptions);
builder.Services.AddSingleton(engineOptions);
// Resolved on first use, after the engine has validated the settings at start.
builder.Services.AddSingleton(_ => ImageLimits.From(engineOptions));
builder.Services.AddSingleton(_ => LogFileLimits.Defaults(engineOptions));
builder.Services.AddDashboardData(engineOptions.DatabasePath);
builder.Services.AddProblemDetails();
builder.Services.AddEngineHub();
EngineHolder.Register(builder.Services);
// Web UI and access control (Access/AccessSetup.cs, Components/UiSetup.cs).
var keysDirectory = Path.Combine(engineOptions.DataRoot, "keys");
builder.Services.AddDashboardAccess(accessOptions, keysDirectory);
builder.Services.AddDashboardUi();
builder.UseDashboardStaticAssets();

var app = builder.Build();
var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Dashboard");
try
{
    // Before the database or a key file is created: data root 0710, database files 0600, keys 0700 (Hosting/DataRootPermissions.cs).
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
        CancellationToken.None, statsRollups: app.Services.GetRequiredService<IStatsRollupStore>());
    app.Services.GetRequiredService<EngineHolder>().Host = engine;
    await engine.StartAsync(CancellationToken.None);
}
catch (Exception ex) when (ex is Dashboard.Engine.EngineException or IOException or UnauthorizedAccessException)
{
    logger.LogCritical("The engine cannot start: {Reason}", ex.Message);
    return 1;
}

// Unix socket: trusted. TCP: cookie or bearer token, roles per verb (Access/TcpAccessGate.cs).
app.UseDashboardAccess(apiOptions);
app.UseApiAudit();
app.UseDockerApiHeaders();
app.MapGet("/healthz", () => Results.Text("ok"));
app.MapNativeApi();
app.MapEngineHub();
app.MapMetrics();
app.MapAccessEndpoints();
app.MapDashboardUi();
app.MapDockerApi();

app.Lifetime.ApplicationStarted.Register(() =>
{
    KestrelEndpoints.ProtectSocket(apiOptions, logger);
    _ = AccessSetup.AnnounceSetupLinkAsync(app.Services, logger, CancellationToken.None);
});
await app.RunAsync();
// Containers keep running under conmon; only the engine's watchers stop.
await engine.DisposeAsync();
return 0;
