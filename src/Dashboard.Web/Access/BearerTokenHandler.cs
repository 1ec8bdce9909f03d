using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Access;

/// <summary>Authenticates "Authorization: Bearer dsh_..." API tokens (scripts over TCP).</summary>
internal sealed class BearerTokenHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger,
    UrlEncoder encoder, AccessService access) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return AuthenticateResult.NoResult();
        var principal = await access.ValidateTokenAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        return principal is null
            ? AuthenticateResult.Fail("invalid or revoked API token")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }
}
