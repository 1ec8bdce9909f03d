using Dashboard.Web.Hosting;

namespace Dashboard.Web.Access;

/// <summary>
/// Replaces the old "unix socket only" rule. The unix socket stays trusted (its file mode is the access control, as
/// Docker's). Over TCP everything needs a cookie session or a bearer token, except the login/setup pages, static
/// assets, /healthz and (if enabled) GET /metrics. Unauthenticated browser page loads are redirected to /login; other
/// requests get 401. Roles on the APIs: viewers may only read (GET/HEAD), operators may also act (other verbs), and
/// admins may do everything including <see cref="AdminOnlyPrefixes"/>. Blazor pages check their own policies.
/// Before any of that, a TCP request must name this daemon in its Host header (<see cref="HostAllowList"/>), and a
/// state-changing request that is not bearer-authenticated must come from this origin (<see cref="SameOriginRule"/>).
/// </summary>
public static class TcpAccessGate
{
    /// <summary>Paths open over TCP without login.</summary>
    public static readonly string[] PublicPrefixes = ["/login", "/setup", "/access/login", "/access/setup", "/access/logout",
        "/healthz", "/assets", "/_content", "/_framework", "/favicon.ico"];

    /// <summary>Transports that viewers use for reading too (their POSTs are negotiation and circuit traffic, not actions).</summary>
    public static readonly string[] TransportPrefixes = ["/_blazor", "/hubs"];

    /// <summary>Never served over TCP, whatever the role.</summary>
    public static readonly string[] UnixOnlyPrefixes = ["/api/setup-link"];

    /// <summary>API routes that need the admin role over TCP: the namespace map (see also <see cref="IsAdminOnly"/>).</summary>
    public static readonly string[] AdminOnlyPrefixes = ["/api/namespaces"];

    /// <summary>True for routes only admins may use over TCP: <see cref="AdminOnlyPrefixes"/> and a container's
    /// namespace report, /api/containers/{ref}/namespaces (host pids, mounts and sockets of the container).</summary>
    public static bool IsAdminOnly(PathString path)
    {
        if (Any(path, AdminOnlyPrefixes)) return true;
        var segments = (path.Value ?? "").Split('/', StringSplitOptions.RemoveEmptyEntries);
        // Routing ignores case, so this must too.
        return segments.Length >= 4 && segments[0].Equals("api", StringComparison.OrdinalIgnoreCase)
            && segments[1].Equals("containers", StringComparison.OrdinalIgnoreCase)
            && segments[3].Equals("namespaces", StringComparison.OrdinalIgnoreCase);
    }

    public static IApplicationBuilder UseTcpAccessGate(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var path = context.Request.Path;
            if (ListenerTags.IsUnixSocket(context)) { await next(context); return; }
            var hosts = context.RequestServices.GetRequiredService<HostAllowList>();
            if (!hosts.Allows(context.Request.Host))
            {
                await DenyAsync(context, 400, $"Host '{context.Request.Host}' is not a name of this dashboard (allowed: {string.Join(", ", hosts.Hosts())}). "
                    + "Add it to Access:AllowedHosts if it is yours.");
                return;
            }
            if (Any(path, UnixOnlyPrefixes)) { await DenyAsync(context, 403, "This route is only served on the daemon's unix socket."); return; }
            if (Any(path, PublicPrefixes) || (MetricsOverTcp(context) && path.StartsWithSegments("/metrics") && HttpMethods.IsGet(context.Request.Method)))
            {
                // The login, setup and logout forms: a browser posts them, so they are held to the same-origin rule too.
                if (await RefusedCrossOriginAsync(context)) return;
                await next(context);
                return;
            }
            var user = context.User;
            if (user.Identity?.IsAuthenticated != true)
            {
                if (IsPageLoad(context))
                    context.Response.Redirect("/login?returnUrl=" + Uri.EscapeDataString(path + context.Request.QueryString));
                else
                    await DenyAsync(context, 401, "Authentication required: log in, or send 'Authorization: Bearer <token>' (Settings > API tokens).");
                return;
            }
            if (await RefusedCrossOriginAsync(context)) return;
            var method = context.Request.Method;
            var reading = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
            var needed = IsAdminOnly(path) ? Roles.Admin : reading || Any(path, TransportPrefixes) ? Roles.Viewer : Roles.Operator;
            if (!Roles.Allows(user, needed))
            {
                await DenyAsync(context, 403, $"The '{needed}' role is needed for {method} {path}.");
                return;
            }
            await next(context);
        });

    /// <summary>Applies <see cref="SameOriginRule"/> to a request not authenticated by a bearer token (a token is
    /// never sent by a browser on its own, so it needs no CSRF defence).</summary>
    private static async Task<bool> RefusedCrossOriginAsync(HttpContext context)
    {
        if (context.User.Identity?.AuthenticationType == AccessClaims.BearerScheme || !SameOriginRule.Applies(context.Request)) return false;
        var allowed = context.RequestServices.GetRequiredService<AccessOptions>().AllowedOrigins;
        if (SameOriginRule.Refusal(context.Request, allowed) is not { } reason) return false;
        await DenyAsync(context, 403, reason);
        return true;
    }

    private static bool MetricsOverTcp(HttpContext context) =>
        context.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<ApiOptions>>().Value.MetricsOverTcp;

    private static bool IsPageLoad(HttpContext context) =>
        HttpMethods.IsGet(context.Request.Method) && context.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
        && !context.Request.Path.StartsWithSegments("/api") && !Any(context.Request.Path, TransportPrefixes);

    private static bool Any(PathString path, string[] prefixes) => prefixes.Any(p => path.StartsWithSegments(p));

    private static async Task DenyAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        if (status == 401) context.Response.Headers.WWWAuthenticate = "Bearer";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new { message }));
    }
}
