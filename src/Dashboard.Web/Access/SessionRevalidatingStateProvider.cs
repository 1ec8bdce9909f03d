using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace Dashboard.Web.Access;

/// <summary>
/// Re-checks an open Blazor circuit's session every <see cref="AccessOptions.RevalidationInterval"/>; after logout, a
/// password change or a timeout the circuit becomes anonymous and the router sends the browser to /login.
/// </summary>
internal sealed class SessionRevalidatingStateProvider(ILoggerFactory loggerFactory, IServiceScopeFactory scopes, AccessOptions options)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<SessionRevalidatingStateProvider>();

    protected override TimeSpan RevalidationInterval => options.RevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var user = authenticationState.User;
        if (user.Identity?.IsAuthenticated != true) return true;
        using var scope = scopes.CreateScope();
        var valid = await scope.ServiceProvider.GetRequiredService<AccessService>().IsPrincipalValidAsync(user, cancellationToken);
        if (!valid) _logger.LogInformation("Session of {User} ended; its open page returns to the login form", user.Identity?.Name);
        return valid;
    }
}
