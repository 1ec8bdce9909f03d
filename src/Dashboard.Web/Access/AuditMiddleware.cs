namespace Dashboard.Web.Access;

/// <summary>
/// Writes the audit record of every successful call to a route that declares <see cref="Audited"/> (both APIs), with
/// who made it: the account or token of a TCP request, or "unix-socket" for the socket's caller. The one place API
/// calls are audited; the UI's actions are audited by <see cref="UiActions"/>. Runs after routing and authorization.
/// </summary>
public static class AuditMiddleware
{
    public static IApplicationBuilder UseDeclaredAudit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var audited = context.GetEndpoint()?.Metadata.GetMetadata<Audited>();
            if (audited is null)
            {
                await next(context);
                return;
            }
            var target = audited.Target.Read(context);
            await next(context);
            // Only what happened: a 304 (already running/stopped) or a refusal changed nothing.
            if (context.Response.StatusCode is < 200 or >= 300) return;
            var audit = context.RequestServices.GetRequiredService<IAuditLog>();
            await audit.RecordAsync(context.User, audited.Action, target,
                remoteIp: context.Connection.RemoteIpAddress?.ToString(), cancellationToken: CancellationToken.None);
        });
}
