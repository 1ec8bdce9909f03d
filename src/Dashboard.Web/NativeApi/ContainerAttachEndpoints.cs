using System.Net.WebSockets;
using Dashboard.Contracts.Containers;
using Dashboard.Engine.Containers;
using Dashboard.Web.Access;

namespace Dashboard.Web.NativeApi;

/// <summary>
/// GET /api/containers/{ref}/attach: the engine's attach over a WebSocket (protocol: <see cref="AttachProtocol"/>).
/// A WebSocket rather than Docker's hijacked POST because it frames both directions (no stream header to parse), its
/// close frame is a half-close (RFC 6455: the side that closed keeps receiving), .NET's ClientWebSocket speaks it over
/// the unix socket, and the browser terminal of the next issue needs one anyway. The engine attach is made before the
/// WebSocket is accepted, so an unknown or paused container is a 404 or 409 problem like any other route's.
/// </summary>
internal static class ContainerAttachEndpoints
{
    public static void MapContainerAttachEndpoints(this IEndpointRouteBuilder api)
    {
        // Its own small pipeline: the WebSocket middleware for this route only (hosts need not add it).
        var pipeline = api.CreateApplicationBuilder();
        pipeline.UseWebSockets();
        pipeline.Run(AttachAsync);
        // Reading the output is a viewer's, like the logs; writing to stdin acts on the container: an operator's, as the
        // Docker API's POST attach is. (A WebSocket handshake is a GET, so the verb cannot tell.)
        api.MapGet("/containers/{reference}/attach", pipeline.Build())
            .RequireRole(ctx => RouteAccess.QueryFlag(ctx, "stdin") ? Roles.Operator : Roles.Viewer)
            .NotAudited("carries the container's I/O; the start it waits for is audited");
    }

    private static async Task AttachAsync(HttpContext ctx)
    {
        IContainerAttachment attachment;
        try
        {
            var q = new QueryReader(ctx.Request.Query);
            var request = new AttachRequest { Stdin = q.Bool("stdin"), Stdout = q.Bool("stdout", true), Stderr = q.Bool("stderr", true) };
            q.ThrowIfInvalid();
            if (!ctx.WebSockets.IsWebSocketRequest)
                throw new MalformedRequestException("Not a WebSocket.",
                    "GET /api/containers/{ref}/attach is a WebSocket: connect with a WebSocket client (dashctl run does).");
            var reference = (string)ctx.GetRouteValue("reference")!;
            attachment = await ctx.RequestServices.GetRequiredService<IContainerEngine>().AttachAsync(reference, request, ctx.RequestAborted);
        }
        catch (Exception ex) when (ProblemMapper.TryMap(ex, out var problem))
        {
            await problem.ExecuteAsync(ctx);
            return;
        }
        await using (attachment)
        {
            using var socket = await ctx.WebSockets.AcceptWebSocketAsync();
            await AttachSession.RunAsync(socket, attachment, ctx.RequestAborted);
        }
    }
}
