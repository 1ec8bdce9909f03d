using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Components.Endpoints;

namespace Dashboard.Web.Access;

/// <summary>
/// Words what the authorization middleware decided when a route's policy refuses a request (the framework's default
/// would be a bare challenge or forbid):
/// <list type="bullet">
/// <item>A route for the unix socket only: 403 "only served on the daemon's unix socket", logged in or not.</item>
/// <item>No login: a browser page load is sent to /login with its address to come back to; any other request
/// (API, hub, /_blazor) gets 401 with <c>WWW-Authenticate: Bearer</c> and a hint.</item>
/// <item>Logged in but the role is short: a page goes to the cookie's /forbidden notice; anything else gets 403
/// naming the role it needs.</item>
/// </list>
/// </summary>
internal sealed class AccessRefusals : IAuthorizationMiddlewareResultHandler
{
    private readonly AuthorizationMiddlewareResultHandler _framework = new();

    public async Task HandleAsync(RequestDelegate next, HttpContext context, AuthorizationPolicy policy, PolicyAuthorizationResult result)
    {
        if (result.Succeeded)
        {
            await next(context);
            return;
        }
        var endpoint = context.GetEndpoint();
        var request = context.Request;
        if (endpoint?.Metadata.GetMetadata<UnixSocketOnly>() is not null)
        {
            await DenyAsync(context, StatusCodes.Status403Forbidden, "This route is only served on the daemon's unix socket.");
            return;
        }
        if (result.Challenged)
        {
            if (IsPageLoad(request, endpoint))
                context.Response.Redirect("/login?returnUrl=" + Uri.EscapeDataString(request.Path + request.QueryString));
            else
                await DenyAsync(context, StatusCodes.Status401Unauthorized,
                    "Authentication required: log in, or send 'Authorization: Bearer <token>' (Settings > API tokens).");
            return;
        }
        if (IsPage(endpoint))
        {
            await _framework.HandleAsync(next, context, policy, result); // the cookie's AccessDeniedPath: /forbidden
            return;
        }
        await DenyAsync(context, StatusCodes.Status403Forbidden, $"The '{Needed(context, result)}' role is needed for {request.Method} {request.Path}.");
    }

    /// <summary>The role the failed requirements ask for.</summary>
    private static string Needed(HttpContext context, PolicyAuthorizationResult result)
    {
        var failed = result.AuthorizationFailure?.FailedRequirements ?? [];
        foreach (var requirement in failed)
        {
            if (requirement is RolesAuthorizationRequirement roles) return Roles.Least(roles.AllowedRoles);
            if (requirement is RequestRoleRequirement perRequest && perRequest.MinimumFor(context) is { } minimum) return minimum;
        }
        return Roles.Viewer;
    }

    /// <summary>A browser loading a page: a GET asking for text/html that routing gave to a page, or to nothing (an
    /// unknown address: after the login the router says it is not found). API routes, the hub and the circuit's
    /// endpoints answer 401 whatever they are asked for.</summary>
    private static bool IsPageLoad(HttpRequest request, Endpoint? endpoint) =>
        HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
        && (endpoint is null || IsPage(endpoint));

    internal static bool IsPage(Endpoint? endpoint) => endpoint?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;

    internal static async Task DenyAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized) context.Response.Headers.WWWAuthenticate = "Bearer";
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(System.Text.Json.JsonSerializer.Serialize(new { message }));
    }
}
