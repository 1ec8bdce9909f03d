using Dashboard.Engine.Inspection;
using Dashboard.Web.Access;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Web.NativeApi;

/// <summary>
/// GET /api/containers/{ref}/namespaces and GET /api/namespaces: the namespace inspector. They reveal host pids,
/// mounts and sockets, so over TCP only admins reach them: the TCP gate refuses others by path
/// (<see cref="TcpAccessGate.IsAdminOnly"/>) and the endpoints check again, whatever path led to them. The unix socket
/// is trusted as for every route. Unknown container 404, not running 409, as problems. GET
/// /api/containers/{ref}/processes, the PID table alone (dashctl top, docker top), is an ordinary read.
/// </summary>
internal static class NamespaceEndpoints
{
    public static void MapNamespaceEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/containers/{reference}/namespaces", async (string reference, [FromServices] INamespaceInspector inspector, HttpContext ctx) =>
            ContainerEndpoints.Json(NamespaceMapper.ToDto(await inspector.InspectAsync(reference, ctx.RequestAborted))))
            .AddEndpointFilter(AdminOverTcp);
        // Only the PID table, what docker top shows: a read like logs or stats, so any role may have it.
        api.MapGet("/containers/{reference}/processes", async (string reference, [FromServices] INamespaceInspector inspector, HttpContext ctx) =>
        {
            var processes = await inspector.ProcessesAsync(reference, ctx.RequestAborted);
            var now = DateTimeOffset.UtcNow;
            return ContainerEndpoints.Json(processes.Select(p => NamespaceMapper.ToDto(p, now)).ToList());
        });
        api.MapGet("/namespaces", async ([FromServices] INamespaceInspector inspector, HttpContext ctx) =>
            ContainerEndpoints.Json(NamespaceMapper.ToDto(await inspector.MapAsync(ctx.RequestAborted))))
            .AddEndpointFilter(AdminOverTcp);
    }

    private static async ValueTask<object?> AdminOverTcp(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (ListenerTags.IsUnixSocket(http) || Roles.Allows(http.User, Roles.Admin)) return await next(context);
        return TypedResults.Problem(detail: $"The '{Roles.Admin}' role is needed for {http.Request.Method} {http.Request.Path}.",
            statusCode: StatusCodes.Status403Forbidden, title: "Forbidden.");
    }
}
