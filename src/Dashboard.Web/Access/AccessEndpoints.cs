using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Web.Access;

/// <summary>
/// The form posts behind /login and /setup (cookies can only be set by a plain HTTP response, not over a Blazor
/// circuit), logout, and POST /api/setup-link for dashctl (unix socket only). Form posts are antiforgery-checked.
/// </summary>
public static class AccessEndpoints
{
    public const string LoginRateLimitPolicy = "login";

    public static IEndpointRouteBuilder MapAccessEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/access/login", LoginAsync).RequireRateLimiting(LoginRateLimitPolicy);
        app.MapPost("/access/setup", SetupAsync).RequireRateLimiting(LoginRateLimitPolicy);
        app.MapPost("/access/logout", LogoutAsync);
        app.MapPost("/api/setup-link", (HttpContext context, AccessService access, SetupLinks links, IServer server, CancellationToken ct) =>
            IssueSetupLinkAsync(context, access, links, server, ct));
        return app;
    }

    private static async Task<IResult> LoginAsync([FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
        HttpContext context, AccessService access, CancellationToken ct)
    {
        var result = await access.LoginAsync(userName ?? "", password ?? "", context.Connection.RemoteIpAddress?.ToString(), ct);
        if (result.Outcome != LoginOutcome.Success)
        {
            var error = result.Outcome == LoginOutcome.LockedOut ? "locked" : "invalid";
            return Results.Redirect($"/login?error={error}&userName={Uri.EscapeDataString(userName ?? "")}&returnUrl={Uri.EscapeDataString(LocalUrl.OrHome(returnUrl))}");
        }
        await context.SignInAsync(AccessClaims.CookieScheme, result.Principal!);
        return Results.Redirect(LocalUrl.OrHome(returnUrl));
    }

    private static async Task<IResult> SetupAsync([FromForm] string? token, [FromForm] string? userName, [FromForm] string? password,
        [FromForm] string? confirmPassword, HttpContext context, AccessService access, CancellationToken ct)
    {
        try
        {
            var principal = await access.SetupAsync(token ?? "", userName ?? "", password ?? "", confirmPassword ?? "",
                context.Connection.RemoteIpAddress?.ToString(), ct);
            await context.SignInAsync(AccessClaims.CookieScheme, principal);
            return Results.Redirect("/");
        }
        catch (AccessException ex)
        {
            return Results.Redirect($"/setup?token={Uri.EscapeDataString(token ?? "")}&userName={Uri.EscapeDataString(userName ?? "")}&error={Uri.EscapeDataString(ex.Message)}");
        }
    }

    private static async Task<IResult> LogoutAsync(HttpContext context, AccessService access, CancellationToken ct)
    {
        var result = await context.AuthenticateAsync(AccessClaims.CookieScheme);
        if (result.Principal is { } user) await access.LogoutAsync(user, context.Connection.RemoteIpAddress?.ToString(), ct);
        await context.SignOutAsync(AccessClaims.CookieScheme);
        return Results.Redirect("/login");
    }

    private static async Task<IResult> IssueSetupLinkAsync(HttpContext context, AccessService access, SetupLinks links, IServer server, CancellationToken ct)
    {
        if (!ListenerTags.IsUnixSocket(context)) return Results.StatusCode(403);
        if (await access.HasUsersAsync(ct))
            return Results.Problem("An admin account exists already; setup links are only for the first one.", statusCode: 409);
        var (token, expires) = links.Issue();
        return Results.Json(new Dashboard.Contracts.Access.SetupLinkDto(SetupUrl(server, token), expires), Dashboard.Contracts.ContractJson.Options);
    }

    /// <summary>The setup URL on the first TCP address the daemon actually listens on.</summary>
    public static string SetupUrl(IServer server, string token)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var tcp = addresses.FirstOrDefault(a => a.StartsWith("http", StringComparison.Ordinal)) ?? "http://127.0.0.1:5080";
        return $"{tcp.TrimEnd('/')}/setup?token={token}";
    }
}
