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
        // Open to anyone (held to the same-origin rule and antiforgery); AccessService records each outcome itself,
        // failures included, which a route's audit (successes only) could not.
        var forms = app.MapGroup("/access").AllowAnonymous().NotAudited("AccessService audits logins, setups and logouts itself, failures too");
        forms.MapPost("/login", LoginAsync).RequireRateLimiting(LoginRateLimitPolicy);
        forms.MapPost("/setup", SetupAsync).RequireRateLimiting(LoginRateLimitPolicy);
        forms.MapPost("/logout", LogoutAsync);
        app.MapPost("/api/setup-link", (AccessService access, SetupLinks links, IServer server, CancellationToken ct) =>
            IssueSetupLinkAsync(access, links, server, ct))
            .RequireUnixSocket().Audited("setup-link.create");
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

    private static async Task<IResult> IssueSetupLinkAsync(AccessService access, SetupLinks links, IServer server, CancellationToken ct)
    {
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
