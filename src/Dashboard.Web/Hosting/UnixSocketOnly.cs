namespace Dashboard.Web.Hosting;

/// <summary>
/// The Docker-compatible and native APIs and the engine hub are root-equivalent. The unix socket is trusted by its file mode, like
/// Docker's; TCP has no authentication yet (that arrives with the web UI's accounts), so over TCP the APIs answer
/// 403 instead of acting for anyone who can reach the port.
/// </summary>
internal static class UnixSocketOnly
{
    public static bool IsUnixSocket(HttpContext context) =>
        context.Connection.RemoteIpAddress is null && context.Connection.LocalIpAddress is null;

    public static IApplicationBuilder UseUnixSocketOnlyApis(this IApplicationBuilder app, ApiOptions options) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (IsUnixSocket(context) || path.StartsWithSegments("/healthz")
                || (options.MetricsOverTcp && path.StartsWithSegments("/metrics") && HttpMethods.IsGet(context.Request.Method)))
            {
                await next(context);
                return;
            }
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(
                "{\"message\":\"The API is only served on the daemon's unix socket (Api:UnixSocket). TCP access needs an authenticated account, which this version does not offer yet.\"}");
        });
}
