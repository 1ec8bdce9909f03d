namespace Dashboard.Web.Access;

/// <summary>
/// The two rules over TCP that are not about roles, before authorization: the request must name this daemon in its
/// Host header (<see cref="HostAllowList"/>, 400 otherwise), and a request that changes state or opens a WebSocket
/// with a cookie session must come from this origin (<see cref="SameOriginRule"/>, 403). The origin rule is held
/// against signed-in requests and against routes open to anyone (the login, setup and logout forms); a request that
/// is neither is refused by its route's policy (401) first. Bearer tokens (a browser never sends one by itself) and
/// the unix socket are exempt. Who may use a route is the route's own declaration (<see cref="RouteAccess"/>).
/// </summary>
public static class TcpRequestRules
{
    public static IApplicationBuilder UseTcpRequestRules(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (ListenerTags.IsUnixSocket(context))
            {
                await next(context);
                return;
            }
            var hosts = context.RequestServices.GetRequiredService<HostAllowList>();
            if (!hosts.Allows(context.Request.Host))
            {
                await AccessRefusals.DenyAsync(context, StatusCodes.Status400BadRequest,
                    $"Host '{context.Request.Host}' is not a name of this dashboard (allowed: {string.Join(", ", hosts.Hosts())}). "
                    + "Add it to Access:AllowedHosts if it is yours.");
                return;
            }
            if (CrossOriginRefusal(context) is { } refusal)
            {
                await AccessRefusals.DenyAsync(context, StatusCodes.Status403Forbidden, refusal);
                return;
            }
            await next(context);
        });

    private static string? CrossOriginRefusal(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.AuthenticationType == AccessClaims.BearerScheme || !SameOriginRule.Applies(context.Request)) return null;
        var openToAnyone = context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Authorization.IAllowAnonymous>() is not null;
        if (user.Identity?.IsAuthenticated != true && !openToAnyone) return null;
        return SameOriginRule.Refusal(context.Request, context.RequestServices.GetRequiredService<AccessOptions>().AllowedOrigins);
    }
}
