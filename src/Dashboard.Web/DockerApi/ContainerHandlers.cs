using Dashboard.Engine.Containers;
using Dashboard.Engine.Images;
using Dashboard.Web.DockerApi.Models;

namespace Dashboard.Web.DockerApi;

/// <summary>The container routes that answer with one JSON document or a bare status.</summary>
internal static class ContainerHandlers
{
    public static Task ListAsync(HttpContext context)
    {
        var engine = Engine(context);
        var images = Images(context);
        var filters = DockerQuery.Filters(context.Request);
        ContainerFilters.Validate(filters);
        var limit = DockerQuery.Int(context.Request, "limit");
        // As in moby, a status filter, a limit (ps -n, ps -l) and before/since look at every container, not only running ones.
        var all = DockerQuery.Bool(context.Request, "all") || filters.ContainsKey("status") || limit is > 0
            || filters.ContainsKey("before") || filters.ContainsKey("since");
        var resolved = ContainerFilters.Resolve(filters, engine, images);
        var now = DateTimeOffset.UtcNow;
        var size = DockerQuery.Bool(context.Request, "size");
        var list = engine.List()
            .Where(c => all || c.State.Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting)
            .Where(c => ContainerFilters.Matches(c, filters, resolved))
            .OrderByDescending(c => c.Created)
            .Select(c => ContainerMapper.Summary(c, ImageOf(images, c), now, VolumePath(context)));
        if (limit is > 0) list = list.Take(limit.Value);
        // Sizes walk each writable layer: only for the containers that are listed, and only when asked.
        if (size) list = list.Select(s => WithSize(engine, s));
        return DockerJson.WriteAsync(context, list.ToList());
    }

    public static async Task CreateAsync(HttpContext context)
    {
        var json = await DockerJson.ReadAsync<System.Text.Json.Nodes.JsonObject>(context)
            ?? throw new DockerApiException(StatusCodes.Status400BadRequest, "config cannot be empty in order to create a container");
        // Nothing asked for is silently dropped: a field the engine does not implement is refused by name.
        if (CreateBodyCheck.Refusals(json) is { Count: > 0 } refusals)
            throw new DockerApiException(StatusCodes.Status400BadRequest, CreateBodyCheck.Message(refusals));
        var body = DockerJson.Convert<CreateContainerBody>(json);
        var request = CreateRequestMapper.Map(body, DockerQuery.String(context.Request, "name"));
        if (Access.CreateAccess.Denial(context.User, request, Engine(context)) is { } denied)
            throw new DockerApiException(StatusCodes.Status403Forbidden, denied);
        // A create must finish even if the client gives up half way: the engine leaves nothing half-created either way.
        var record = await Engine(context).CreateAsync(request, CancellationToken.None);
        await DockerJson.WriteAsync(context, new CreateContainerResponse(record.Id, []), StatusCodes.Status201Created);
    }

    public static Task InspectAsync(HttpContext context)
    {
        var record = Engine(context).Get(Id(context));
        var inspect = ContainerMapper.Inspect(record, ImageOf(Images(context), record),
            context.RequestServices.GetRequiredService<Engine.Containers.Logs.LogFileLimits>(), VolumePath(context));
        // Viewers see the names of the environment, not the values (Access/EnvMask.cs).
        if (!Access.EnvMask.ShowsValues(context.User)) inspect = inspect with { Config = inspect.Config with { Env = Access.EnvMask.Apply(inspect.Config.Env) } };
        if (DockerQuery.Bool(context.Request, "size") && TrySize(Engine(context), record.Id) is { } size)
            inspect = inspect with { SizeRw = size.WritableLayer, SizeRootFs = size.RootFs };
        return DockerJson.WriteAsync(context, inspect);
    }

    /// <summary>docker container prune: every container that is not running, narrowed by until and label filters.</summary>
    public static async Task PruneAsync(HttpContext context)
    {
        var filters = DockerQuery.Filters(context.Request);
        var include = PruneFilters.Parse(filters, DateTimeOffset.UtcNow);
        var result = await ContainerPruner.PruneAsync(Engine(context), include, CancellationToken.None);
        await DockerJson.WriteAsync(context, new ContainerPruneResponse(result.Removed, result.SpaceReclaimed));
    }

    /// <summary>docker diff: [{"Path":"/etc/x","Kind":1}] with moby's kinds (0 changed, 1 added, 2 deleted).</summary>
    public static Task ChangesAsync(HttpContext context) =>
        DockerJson.WriteAsync(context, Engine(context).ChangesOf(Id(context)).Select(c => new FileChangeModel(c.Path, (int)c.Kind)).ToList());

    private static ContainerSummary WithSize(IContainerEngine engine, ContainerSummary summary) =>
        TrySize(engine, summary.Id) is { } size ? summary with { SizeRw = size.WritableLayer, SizeRootFs = size.RootFs } : summary;

    /// <summary>Null when the container was removed since it was listed.</summary>
    private static ContainerSize? TrySize(IContainerEngine engine, string id)
    {
        try { return engine.SizeOf(id); }
        catch (Engine.ContainerNotFoundException) { return null; }
    }

    public static async Task StartAsync(HttpContext context)
    {
        var engine = Engine(context);
        var record = engine.Get(Id(context));
        bool started;
        try
        {
            started = await engine.StartAsync(record.Id, CancellationToken.None);
        }
        catch (Exception) when (record.Config.AutoRemove)
        {
            // moby removes a --rm container whose start failed; docker run waits on condition=removed after a
            // failed start and would hang forever otherwise. Harmless when the engine already removed it.
            // Its anonymous volumes go with it, as with any --rm.
            try { await engine.RemoveAsync(record.Id, force: true, removeVolumes: true, CancellationToken.None); }
            catch (Dashboard.Engine.EngineException) { }
            throw;
        }
        context.Response.StatusCode = started ? StatusCodes.Status204NoContent : StatusCodes.Status304NotModified;
    }

    public static async Task StopAsync(HttpContext context)
    {
        var stopped = await Engine(context).StopAsync(Id(context), DockerQuery.Int(context.Request, "t"),
            DockerQuery.String(context.Request, "signal"), CancellationToken.None);
        context.Response.StatusCode = stopped ? StatusCodes.Status204NoContent : StatusCodes.Status304NotModified;
    }

    public static async Task KillAsync(HttpContext context)
    {
        await Engine(context).KillAsync(Id(context), DockerQuery.String(context.Request, "signal"), CancellationToken.None);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public static async Task RestartAsync(HttpContext context)
    {
        await Engine(context).RestartAsync(Id(context), DockerQuery.Int(context.Request, "t"), CancellationToken.None);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public static async Task PauseAsync(HttpContext context)
    {
        await Engine(context).PauseAsync(Id(context), CancellationToken.None);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public static async Task UnpauseAsync(HttpContext context)
    {
        await Engine(context).UnpauseAsync(Id(context), CancellationToken.None);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public static async Task RemoveAsync(HttpContext context)
    {
        // v: docker rm -v, the container's anonymous volumes go too.
        await Engine(context).RemoveAsync(Id(context), DockerQuery.Bool(context.Request, "force"), DockerQuery.Bool(context.Request, "v"),
            CancellationToken.None);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    internal static IContainerEngine Engine(HttpContext context) => context.RequestServices.GetRequiredService<IContainerEngine>();

    /// <summary>Volumes' host directories for inspect's Mounts; null without a volume service.</summary>
    internal static Func<string, string>? VolumePath(HttpContext context) =>
        context.RequestServices.GetService<Hosting.EngineHolder>()?.Current?.Volumes is { } volumes ? volumes.DataPath : null;

    internal static IImageService Images(HttpContext context) => context.RequestServices.GetRequiredService<IImageService>();

    internal static string Id(HttpContext context) => (string)context.Request.RouteValues["id"]!;

    /// <summary>The image of a container for its defaults; a removed (forced) image just means no defaults.</summary>
    internal static ImageRecord? ImageOf(IImageService images, ContainerRecord record) =>
        images.TryResolve(record.ImageId, out var image) ? image : null;
}
