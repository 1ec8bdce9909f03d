using Dashboard.Engine.Inspection;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Web.NativeApi;

/// <summary>
/// GET /api/containers/{ref}/namespaces and GET /api/namespaces: the namespace inspector. They reveal host pids,
/// mounts and sockets, so each declares that only admins may read it (the unix socket's caller is one). Unknown
/// container 404, not running 409, as problems. GET /api/containers/{ref}/processes, the PID table alone (dashctl top,
/// docker top), is an ordinary read.
/// </summary>
internal static class NamespaceEndpoints
{
    public static void MapNamespaceEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/containers/{reference}/namespaces", async (string reference, [FromServices] INamespaceInspector inspector, HttpContext ctx) =>
            ContainerEndpoints.Json(NamespaceMapper.ToDto(await inspector.InspectAsync(reference, ctx.RequestAborted))))
            .RequireRole(Roles.Admin);
        // Only the PID table, what docker top shows: a read like logs or stats, so any role may have it.
        api.MapGet("/containers/{reference}/processes", async (string reference, [FromServices] INamespaceInspector inspector, HttpContext ctx) =>
        {
            var processes = await inspector.ProcessesAsync(reference, ctx.RequestAborted);
            var now = DateTimeOffset.UtcNow;
            return ContainerEndpoints.Json(processes.Select(p => NamespaceMapper.ToDto(p, now)).ToList());
        }).RequireRole(Roles.Viewer);
        api.MapGet("/namespaces", async ([FromServices] INamespaceInspector inspector, HttpContext ctx) =>
            ContainerEndpoints.Json(NamespaceMapper.ToDto(await inspector.MapAsync(ctx.RequestAborted))))
            .RequireRole(Roles.Admin);
    }
}
