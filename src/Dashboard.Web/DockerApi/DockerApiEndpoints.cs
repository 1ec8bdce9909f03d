using Dashboard.Web.Access;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// The Docker Engine API subset (claims <see cref="DockerApiVersion.Current"/>, accepts down to
/// <see cref="DockerApiVersion.Minimum"/>). Every route is served twice, like moby's mux: under "/vX.Y" (the docker
/// CLI) and bare (Docker.DotNet, which never negotiates). Each declares who may use it and, when it acts, its audit
/// action (<see cref="MapRoutes"/>), so the host must run authentication and authorization (Access/AccessSetup.cs).
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
        // moby answers unknown versioned routes with a JSON 404 (Docker's own routes that are not served here answer 501,
        // see NotImplementedRoutes); bare unknown paths are left to the host's fallback.
        versioned.Map("/{**rest}", Handle(ctx =>
            throw new DockerApiException(StatusCodes.Status404NotFound, "page not found"))).WithOrder(1000)
            .RequireRole(RouteAccess.ReadOrAct).NotAudited("answers 404: there is nothing to act on");
        return app;
    }

    /// <summary>Every route with who may use it: reads are a viewer's, everything else an operator's (the body-dependent
    /// rules of a create, privileged and host namespaces, are <see cref="CreateAccess"/>'s), and each action names its
    /// audit record.</summary>
    private static void MapRoutes(IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("").RequireRole(Roles.Viewer);
        var act = app.MapGroup("").RequireRole(Roles.Operator);
        var id = AuditTarget.Route("id");

        read.MapMethods("/_ping", ["GET", "HEAD"], Handle(SystemHandlers.PingAsync));
        read.MapGet("/version", Handle(SystemHandlers.VersionAsync));
        read.MapGet("/info", Handle(SystemHandlers.InfoAsync));

        read.MapGet("/containers/json", Handle(ContainerHandlers.ListAsync));
        act.MapPost("/containers/create", Handle(ContainerHandlers.CreateAsync)).Audited("container.create", AuditTarget.Query("name"));
        act.MapPost("/containers/prune", Handle(ContainerHandlers.PruneAsync)).Audited("container.prune");
        read.MapGet("/containers/{id}/json", Handle(ContainerHandlers.InspectAsync));
        act.MapPost("/containers/{id}/start", Handle(ContainerHandlers.StartAsync)).Audited("container.start", id);
        act.MapPost("/containers/{id}/stop", Handle(ContainerHandlers.StopAsync)).Audited("container.stop", id);
        act.MapPost("/containers/{id}/kill", Handle(ContainerHandlers.KillAsync)).Audited("container.kill", id);
        act.MapPost("/containers/{id}/restart", Handle(ContainerHandlers.RestartAsync)).Audited("container.restart", id);
        act.MapPost("/containers/{id}/pause", Handle(ContainerHandlers.PauseAsync)).Audited("container.pause", id);
        act.MapPost("/containers/{id}/unpause", Handle(ContainerHandlers.UnpauseAsync)).Audited("container.unpause", id);
        act.MapDelete("/containers/{id}", Handle(ContainerHandlers.RemoveAsync)).Audited("container.remove", id);
        act.MapPost("/containers/{id}/wait", Handle(WaitHandler.WaitAsync)).NotAudited("waits for the container to stop; changes nothing");
        read.MapGet("/containers/{id}/logs", Handle(LogsHandler.LogsAsync));
        // An operator's: with stdin it writes to the container.
        act.MapPost("/containers/{id}/attach", Handle(AttachHandler.AttachAsync)).NotAudited("carries the container's I/O; the start it waits for is audited");
        act.MapPost("/containers/{id}/resize", Handle(ResizeHandler.ResizeContainerAsync)).NotAudited("changes a terminal's size only");
        // An operator's; --privileged is an admin's over TCP (checked on the body, see PrivilegedAccess.ExecDenial).
        act.MapPost("/containers/{id}/exec", Handle(ExecHandlers.CreateAsync)).Audited("container.exec", id);
        act.MapPost("/exec/{execId}/start", Handle(ExecHandlers.StartAsync)).Audited("exec.start", AuditTarget.Route("execId"));
        read.MapGet("/exec/{execId}/json", Handle(ExecHandlers.InspectAsync));
        act.MapPost("/exec/{execId}/resize", Handle(ExecHandlers.ResizeAsync)).NotAudited("changes a terminal's size only");
        read.MapGet("/containers/{id}/stats", Handle(StatsHandler.StatsAsync));
        act.MapPost("/containers/{id}/update", Handle(UpdateHandler.UpdateAsync)).Audited("container.update", id);
        read.MapGet("/containers/{id}/top", Handle(TopHandler.TopAsync));
        read.MapGet("/containers/{id}/changes", Handle(ContainerHandlers.ChangesAsync));
        // docker cp: an operator's both ways, reads included (a container's files can hold its secrets, which a viewer must
        // not read), and a copy out is audited though it changes nothing.
        act.MapMethods("/containers/{id}/archive", ["HEAD"], Handle(ArchiveHandler.StatAsync));
        act.MapGet("/containers/{id}/archive", Handle(ArchiveHandler.GetAsync)).Audited("container.copy-out", id);
        act.MapPut("/containers/{id}/archive", Handle(ArchiveHandler.PutAsync)).Audited("container.copy-in", id);
        act.MapGet("/containers/{id}/export", Handle(ArchiveHandler.ExportAsync)).Audited("container.export", id);
        read.MapGet("/events", Handle(EventsHandler.EventsAsync));

        var network = AuditTarget.Route("id");
        read.MapGet("/networks", Handle(NetworkHandlers.ListAsync));
        act.MapPost("/networks/create", Handle(NetworkHandlers.CreateAsync)).Audited("network.create");
        act.MapPost("/networks/prune", Handle(NetworkHandlers.PruneAsync)).Audited("network.prune");
        read.MapGet("/networks/{id}", Handle(NetworkHandlers.InspectAsync));
        act.MapDelete("/networks/{id}", Handle(NetworkHandlers.RemoveAsync)).Audited("network.remove", network);
        act.MapPost("/networks/{id}/connect", Handle(NetworkHandlers.ConnectAsync)).Audited("network.connect", network);
        act.MapPost("/networks/{id}/disconnect", Handle(NetworkHandlers.DisconnectAsync)).Audited("network.disconnect", network);

        var volume = AuditTarget.Route("name");
        read.MapGet("/volumes", Handle(VolumeHandlers.ListAsync));
        act.MapPost("/volumes/create", Handle(VolumeHandlers.CreateAsync)).Audited("volume.create");
        act.MapPost("/volumes/prune", Handle(VolumeHandlers.PruneAsync)).Audited("volume.prune");
        read.MapGet("/volumes/{name}", Handle(VolumeHandlers.InspectAsync));
        act.MapDelete("/volumes/{name}", Handle(VolumeHandlers.RemoveAsync)).Audited("volume.remove", volume);
        // PUT /volumes/{name} (cluster volumes) stays 501 (NotImplementedRoutes).

        read.MapGet("/images/json", Handle(ImageHandlers.ListAsync));
        act.MapPost("/images/load", Handle(ImageHandlers.LoadAsync)).Audited("image.load");
        act.MapPost("/images/create", Handle(ImageHandlers.CreateAsync)).Audited("image.import", AuditTarget.Query("repo", "fromImage"));
        act.MapPost("/auth", Handle(AuthHandler.LoginAsync)).Audited("registry.login");
        // Image names contain "/" (docker.io/library/busybox), so the name is a catch-all and "/json" is split off.
        read.MapGet("/images/{**name}", Handle(ImageHandlers.InspectAsync));
        // POST /images/{name}/tag; push and the other actions under it answer 501 (a 501 is not audited: only 2xx are).
        // Ordered with the 501 routes so that their literal paths (POST /images/prune) still win over this catch-all.
        act.MapPost("/images/{**name}", Handle(ImageHandlers.PostActionAsync)).WithOrder(NotImplementedRoutes.Order)
            .Audited("image.tag", AuditTarget.Route("name"));
        act.MapDelete("/images/{**name}", Handle(ImageHandlers.RemoveAsync)).Audited("image.remove", AuditTarget.Route("name"));

        NotImplementedRoutes.Map(app);
    }

    /// <summary>Wraps a handler with the version check, the Docker headers and moby's error mapping.</summary>
    internal static RequestDelegate Handle(Func<HttpContext, Task> handler) => async context =>
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
