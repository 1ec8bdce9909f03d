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
        // As in moby, a status filter looks at every container, not only running ones.
        var all = DockerQuery.Bool(context.Request, "all") || filters.ContainsKey("status");
        var now = DateTimeOffset.UtcNow;
        var list = engine.List()
            .Where(c => all || c.State.Status is ContainerStatus.Running or ContainerStatus.Paused or ContainerStatus.Restarting)
            .Where(c => ContainerFilters.Matches(c, filters))
            .OrderByDescending(c => c.Created)
            .Select(c => ContainerMapper.Summary(c, ImageOf(images, c), now, VolumePath(context)));
        var limit = DockerQuery.Int(context.Request, "limit");
        if (limit is > 0) list = list.Take(limit.Value);
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
        return DockerJson.WriteAsync(context, inspect);
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
