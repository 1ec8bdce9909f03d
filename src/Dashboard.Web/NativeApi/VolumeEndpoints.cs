using Dashboard.Contracts;
using Dashboard.Contracts.Volumes;
using Dashboard.Engine.Volumes;
using Dashboard.Web.Access;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.NativeApi;

/// <summary>/api/volumes: list, inspect, create, remove (409 while any container uses it), prune (unused anonymous
/// volumes; all=true every unused one).</summary>
internal static class VolumeEndpoints
{
    public static void MapVolumeEndpoints(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/volumes").RequireRole(Roles.Viewer);
        var act = api.MapGroup("/volumes").RequireRole(Roles.Operator);
        read.MapGet("", (HttpContext ctx) =>
        {
            var volumes = Volumes(ctx);
            return Results.Json(volumes.List().Select(v => ToDto(v, volumes)).ToArray(), ContractJson.Options);
        });
        read.MapGet("/{name}", (string name, HttpContext ctx) =>
        {
            var volumes = Volumes(ctx);
            return Results.Json(ToDto(volumes.Get(name), volumes), ContractJson.Options);
        });
        act.MapPost("", async (VolumeCreateDto? body, HttpContext ctx) =>
        {
            var volumes = Volumes(ctx);
            var volume = await volumes.CreateAsync(new VolumeCreateRequest { Name = body?.Name, Labels = body?.Labels }, ctx.RequestAborted);
            return Results.Json(ToDto(volumes.Get(volume.Name), volumes), ContractJson.Options, statusCode: StatusCodes.Status201Created);
        }).Audited("volume.create");
        act.MapPost("/prune", async (HttpContext ctx) =>
        {
            var q = new QueryReader(ctx.Request.Query);
            var all = q.Bool("all");
            q.ThrowIfInvalid();
            var result = await Volumes(ctx).PruneAsync(all, _ => true, ctx.RequestAborted);
            return Results.Json(new VolumePruneDto(result.Deleted, result.SpaceReclaimed), ContractJson.Options);
        }).Audited("volume.prune");
        act.MapDelete("/{name}", async (string name, HttpContext ctx) =>
        {
            var q = new QueryReader(ctx.Request.Query);
            var force = q.Bool("force");
            q.ThrowIfInvalid();
            await Volumes(ctx).RemoveAsync(name, force, ctx.RequestAborted);
            return Results.NoContent();
        }).Audited("volume.remove", AuditTarget.Route("name"));
    }

    private static VolumeService Volumes(HttpContext ctx) =>
        ctx.RequestServices.GetService<VolumeService>() ?? ctx.RequestServices.GetService<EngineHolder>()?.Current?.Volumes
        ?? throw new Dashboard.Engine.ValidationException("volume", "volumes are not available: the engine was started without a volume store");

    public static VolumeDto ToDto(VolumeUsage usage, VolumeService volumes) => new()
    {
        Name = usage.Volume.Name,
        Driver = usage.Volume.Driver,
        Mountpoint = usage.Mountpoint,
        Created = usage.Volume.Created,
        Labels = usage.Volume.Labels,
        Anonymous = usage.Volume.Anonymous,
        SizeBytes = volumes.CachedSize(usage.Volume.Name)?.Bytes,
        UsedBy = usage.Users.Select(u => new VolumeUserDto(u.ContainerId, u.ContainerName, u.Destination)).ToArray(),
    };
}
