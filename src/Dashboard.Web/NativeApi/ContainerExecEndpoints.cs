using Dashboard.Contracts;
using Dashboard.Contracts.Containers;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Runtime;
using Dashboard.Web.Access;

namespace Dashboard.Web.NativeApi;

/// <summary>
/// GET /api/containers/{ref}/exec: a command in a running container over a WebSocket (protocol:
/// <see cref="ExecProtocol"/>), for dashctl exec and the browser terminal; POST /api/containers/{ref}/exec starts one
/// detached (dashctl exec -d). The exec is created and started before the WebSocket is accepted, so an unknown or
/// stopped container is a 404 or 409 problem like any other route's. The session is registered with the
/// <see cref="ConnectionRevoker"/>, so a logout, a revoked token or a changed role closes it; a session whose client is
/// gone has its process hung up; each one is audited at its start and at its end (<see cref="ExecAudit"/>).
/// Over TCP the WebSocket handshake of a cookie session must come from this origin (<see cref="TcpRequestRules"/>).
/// </summary>
internal static class ContainerExecEndpoints
{
    public static void MapContainerExecEndpoints(this IEndpointRouteBuilder api)
    {
        var pipeline = api.CreateApplicationBuilder();
        pipeline.UseWebSockets();
        pipeline.Run(ExecAsync);
        // Running a command acts on the container: an operator's, as docker exec is; a privileged one is an admin's.
        api.MapGet("/containers/{reference}/exec", pipeline.Build())
            .RequireRole(MinimumRole)
            .NotAudited("a WebSocket session: it records itself, container.exec at its start and container.exec.end with its duration");
        api.MapPost("/containers/{reference}/exec", StartDetachedAsync)
            .RequireRole(MinimumRole)
            .NotAudited("records itself as container.exec, with the command");
    }

    private static string MinimumRole(HttpContext context) =>
        RouteAccess.QueryFlag(context, "privileged") ? CreateAccess.MinimumRole : Roles.Operator;

    private static async Task ExecAsync(HttpContext ctx)
    {
        var engine = ctx.RequestServices.GetRequiredService<IContainerEngine>();
        string container, execId;
        ExecRequest request;
        IContainerAttachment? attachment = null;
        ExecStartFailedException? failed = null;
        try
        {
            request = ExecQuery.ReadAttached(ctx.Request.Query);
            if (!ctx.WebSockets.IsWebSocketRequest)
                throw new MalformedRequestException("Not a WebSocket.",
                    "GET /api/containers/{ref}/exec is a WebSocket: connect with a WebSocket client (dashctl exec does), or POST to start a command detached.");
            var reference = (string)ctx.GetRouteValue("reference")!;
            container = engine.Get(reference).Name;
            execId = await engine.CreateExecAsync(reference, request, ctx.RequestAborted);
            try
            {
                attachment = await engine.StartExecAsync(execId, detach: false, ctx.RequestAborted);
            }
            catch (ExecStartFailedException ex)
            {
                failed = ex; // told over the WebSocket, as docker exec tells it: an error and exit code 126 or 127
            }
        }
        catch (Exception ex) when (ProblemMapper.TryMap(ex, out var problem))
        {
            await problem.ExecuteAsync(ctx);
            return;
        }

        var audit = new ExecAudit(ctx.RequestServices.GetRequiredService<IAuditLog>(), ctx.RequestServices.GetRequiredService<TimeProvider>(),
            ctx, container, execId, request);
        await audit.StartedAsync(detached: false);
        ExecSessionEnd end;
        await using (attachment)
        {
            using var socket = await ctx.WebSockets.AcceptWebSocketAsync();
            using var revoked = new CancellationTokenSource();
            using (ctx.RequestServices.GetRequiredService<ConnectionRevoker>().Track(ctx.User, () => TryCancel(revoked)))
            {
                var session = new ExecSocketSession(socket, engine, execId);
                end = failed is not null
                    ? await session.ReportFailedStartAsync(failed.Message, failed.ExitCode, ctx.RequestAborted)
                    : await session.RunAsync(attachment!, request.Tty, revoked.Token, ctx.RequestAborted);
            }
            if (end.Outcome == ExecSessionOutcome.Revoked) ctx.Abort();
        }
        if (end.Outcome is ExecSessionOutcome.ClientGone or ExecSessionOutcome.Revoked)
        {
            try { await engine.HangUpExecAsync(execId, TimeSpan.FromSeconds(ExecProtocol.HangupGraceSeconds), CancellationToken.None); }
            catch (ExecNotFoundException) { } // its container was removed meanwhile, and the process with it
        }
        await audit.EndedAsync(end);
    }

    private static async Task<IResult> StartDetachedAsync(string reference, HttpContext ctx, IContainerEngine engine, CancellationToken ct)
    {
        // Resolved here rather than bound as parameters: a host without them (a routing-only test host) must still build
        // its endpoints, and minimal APIs would take an unregistered type for the body.
        var log = ctx.RequestServices.GetRequiredService<IAuditLog>();
        var time = ctx.RequestServices.GetRequiredService<TimeProvider>();
        var request = ExecQuery.ReadDetached(ctx.Request.Query);
        var container = engine.Get(reference).Name;
        var id = await engine.CreateExecAsync(reference, request, ct);
        try
        {
            await engine.StartExecAsync(id, detach: true, ct);
        }
        catch (ExecStartFailedException ex)
        {
            return TypedResults.Problem(detail: $"OCI runtime exec failed: {ex.Message} (exit code {ex.ExitCode})",
                statusCode: StatusCodes.Status400BadRequest, title: "The command cannot be run.");
        }
        await new ExecAudit(log, time, ctx, container, id, request).StartedAsync(detached: true);
        return TypedResults.Json(new ExecStartedDto(id), ContractJson.Options, statusCode: StatusCodes.Status201Created);
    }

    private static void TryCancel(CancellationTokenSource source)
    {
        try { source.Cancel(); }
        catch (ObjectDisposedException) { }
    }
}
