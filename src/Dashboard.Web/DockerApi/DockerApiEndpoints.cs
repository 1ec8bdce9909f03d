using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// The Docker Engine API subset (claims <see cref="DockerApiVersion.Current"/>, accepts down to
/// <see cref="DockerApiVersion.Minimum"/>). Every route is served twice, like moby's mux: under "/vX.Y" (the docker
/// CLI) and bare (Docker.DotNet, which never negotiates).
/// </summary>
public static class DockerApiEndpoints
{

    /// <summary>Maps every Docker API route. Needs <see cref="AddDockerApi"/> and the engine services
    /// (IContainerEngine, IImageService, HostInfo, IContainerRuntime, and for stats/events IStatsService and EventHub)
    /// registered.</summary>
    public static IEndpointRouteBuilder MapDockerApi(this IEndpointRouteBuilder app) => app.MapDockerApi(null);

    /// <summary>As <see cref="MapDockerApi(IEndpointRouteBuilder)"/>, with conventions for every Docker route, e.g.
    /// <c>g =&gt; g.RequireHost(...)</c>. The bare paths never shadow UI pages for browser page loads (see
    /// <see cref="BareRoutePolicy"/>).</summary>
    public static IEndpointRouteBuilder MapDockerApi(this IEndpointRouteBuilder app, Action<IEndpointConventionBuilder>? configure)
    {
        var bare = app.MapGroup("");
        var versioned = app.MapGroup(RoutePatternFactory.Parse("/v{apiVersion}", defaults: null,
            parameterPolicies: new { apiVersion = new ApiVersionRouteConstraint() }));
        // Bare paths share addresses with UI pages (/events, /containers/NAME/logs): BareRoutePolicy decides.
        bare.WithMetadata(BareDockerRoute.Instance);
        configure?.Invoke(bare);
        configure?.Invoke(versioned);
        MapRoutes(bare);
        MapRoutes(versioned);
        // moby answers unknown versioned routes with a JSON 404; bare unknown paths are left to the host's fallback.
        versioned.Map("/{**rest}", Handle(ctx =>
            throw new DockerApiException(StatusCodes.Status404NotFound, "page not found"))).WithOrder(1000);
        return app;
    }

    private static void MapRoutes(IEndpointRouteBuilder app)
    {
        app.MapMethods("/_ping", ["GET", "HEAD"], Handle(SystemHandlers.PingAsync));
        app.MapGet("/version", Handle(SystemHandlers.VersionAsync));
        app.MapGet("/info", Handle(SystemHandlers.InfoAsync));

        app.MapGet("/containers/json", Handle(ContainerHandlers.ListAsync));
        app.MapPost("/containers/create", Handle(ContainerHandlers.CreateAsync));
        app.MapGet("/containers/{id}/json", Handle(ContainerHandlers.InspectAsync));
        app.MapPost("/containers/{id}/start", Handle(ContainerHandlers.StartAsync));
        app.MapPost("/containers/{id}/stop", Handle(ContainerHandlers.StopAsync));
        app.MapPost("/containers/{id}/kill", Handle(ContainerHandlers.KillAsync));
        app.MapPost("/containers/{id}/restart", Handle(ContainerHandlers.RestartAsync));
        app.MapPost("/containers/{id}/pause", Handle(ContainerHandlers.PauseAsync));
        app.MapPost("/containers/{id}/unpause", Handle(ContainerHandlers.UnpauseAsync));
        app.MapDelete("/containers/{id}", Handle(ContainerHandlers.RemoveAsync));
        app.MapPost("/containers/{id}/wait", Handle(WaitHandler.WaitAsync));
        app.MapGet("/containers/{id}/logs", Handle(LogsHandler.LogsAsync));
        app.MapPost("/containers/{id}/attach", Handle(AttachHandler.AttachAsync));
        app.MapPost("/containers/{id}/resize", Handle(ResizeHandler.ResizeContainerAsync));
        app.MapPost("/containers/{id}/exec", Handle(ExecHandlers.CreateAsync));
        app.MapPost("/exec/{execId}/start", Handle(ExecHandlers.StartAsync));
        app.MapGet("/exec/{execId}/json", Handle(ExecHandlers.InspectAsync));
        app.MapPost("/exec/{execId}/resize", Handle(ExecHandlers.ResizeAsync));
        app.MapGet("/containers/{id}/stats", Handle(StatsHandler.StatsAsync));
        app.MapPost("/containers/{id}/update", Handle(UpdateHandler.UpdateAsync));
        app.MapGet("/containers/{id}/top", Handle(TopHandler.TopAsync));
        app.MapGet("/events", Handle(EventsHandler.EventsAsync));

        app.MapGet("/images/json", Handle(ImageHandlers.ListAsync));
        app.MapPost("/images/load", Handle(ImageHandlers.LoadAsync));
        app.MapPost("/images/create", Handle(ImageHandlers.CreateAsync));
        // Image names contain "/" (docker.io/library/busybox), so the name is a catch-all and "/json" is split off.
        app.MapGet("/images/{**name}", Handle(ImageHandlers.InspectAsync));
        app.MapDelete("/images/{**name}", Handle(ImageHandlers.RemoveAsync));
    }

    /// <summary>Wraps a handler with the version check, the Docker headers and moby's error mapping.</summary>
    private static RequestDelegate Handle(Func<HttpContext, Task> handler) => async context =>
    {
        var logger = context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Dashboard.Web.DockerApi");
        try
        {
            DockerHeaders.Apply(context);
            if (context.Request.RouteValues.TryGetValue("apiVersion", out var raw) && raw is string requested)
            {
                var problem = DockerApiVersion.Check(requested);
                if (problem is not null) throw new DockerApiException(StatusCodes.Status400BadRequest, problem);
                context.Items[DockerApiVersion.ItemKey] = DockerApiVersion.Parse(requested);
            }
            await handler(context);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client went away (docker run -d drops its /wait); nothing to report.
        }
        catch (Exception error)
        {
            await DockerErrorMapping.WriteAsync(context, error, logger);
        }
    };

    /// <summary>Registers the options (bound to the "DockerApi" section when <paramref name="configuration"/> is given,
    /// checked by <see cref="DockerApiOptionsValidator"/> at start) and turns off Kestrel's own "Server: Kestrel" header (Docker sends
    /// "Server: Docker/&lt;version&gt; (linux)"; the CLI reads the OS from it).</summary>
    public static IServiceCollection AddDockerApi(this IServiceCollection services, IConfiguration? configuration = null)
    {
        var options = services.AddOptions<DockerApiOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DockerApiOptions>, DockerApiOptionsValidator>());
        if (configuration is not null) options.Bind(configuration.GetSection(DockerApiOptions.Section));
        // Inserted first so it runs before the host's own Kestrel configuration: endpoint defaults only reach
        // endpoints created after they are set, and a unix socket is usually bound in code. (A host that calls
        // ConfigureEndpointDefaults itself replaces these; it should then call UseDockerApiConnections.)
        services.Insert(0, ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>>(
            new ConfigureOptions<KestrelServerOptions>(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.ConfigureEndpointDefaults(listen => listen.UseDockerApiConnections());
            })));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, BareRoutePolicy>());
        return services;
    }

    /// <summary>Lets a hijacked attach keep writing after the docker CLI half-closes its side (see
    /// <see cref="HalfCloseTolerantConnection"/>). Call it on the Docker API's unix socket / TCP listen options.</summary>
    public static ListenOptions UseDockerApiConnections(this ListenOptions listen)
    {
        listen.Use(HalfCloseTolerantConnection.Middleware);
        return listen;
    }

    /// <summary>Optional middleware: puts Api-Version, Ostype, Server and Docker-Experimental on every response,
    /// including ones the Docker endpoints never see (404s of unknown bare paths). Place it early.</summary>
    public static IApplicationBuilder UseDockerApiHeaders(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            DockerHeaders.Apply(context);
            await next(context);
        });
}
