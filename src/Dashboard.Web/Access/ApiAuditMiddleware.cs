namespace Dashboard.Web.Access;

/// <summary>
/// Records every successful state-changing API call (Docker-compatible and native) in the audit log with who made
/// it: the account or token behind a TCP request, or "unix-socket" for the trusted socket, as the UI pages do for
/// their own actions.
/// </summary>
public static class ApiAuditMiddleware
{
    public static IApplicationBuilder UseApiAudit(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var audited = ApiAuditClassifier.Classify(context.Request.Method, context.Request.Path.Value ?? "");
            await next(context);
            // Only what happened: a 304 (already running/stopped) changed nothing.
            if (audited is null || context.Response.StatusCode is < 200 or >= 300) return;
            var audit = context.RequestServices.GetRequiredService<IAuditLog>();
            await audit.RecordAsync(context.User, audited.Action, audited.Target ?? Query(context),
                remoteIp: context.Connection.RemoteIpAddress?.ToString(), cancellationToken: CancellationToken.None);
        });

    /// <summary>Creates name their container in the query (?name=) rather than the path.</summary>
    private static string? Query(HttpContext context) =>
        context.Request.Query.TryGetValue("name", out var name) && !string.IsNullOrEmpty(name) ? name.ToString()
        : context.Request.Query.TryGetValue("reference", out var reference) && !string.IsNullOrEmpty(reference) ? reference.ToString()
        : context.Request.Query.TryGetValue("repo", out var repo) && !string.IsNullOrEmpty(repo) ? repo.ToString()
        : null;
}
