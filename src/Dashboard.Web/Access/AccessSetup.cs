using System.Threading.RateLimiting;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Access;

/// <summary>
/// Wires access control: <see cref="AddDashboardAccess"/> (services), <see cref="UseDashboardAccess"/> (middleware,
/// after routing and before the endpoints) and <see cref="MapAccessEndpoints"/>. Needs AddDashboardData.
/// </summary>
public static class AccessSetup
{
    /// <summary>Binds and validates the "Access" section (<see cref="AccessOptionsValidator"/>, checked at start), and
    /// keeps the cookie-signing keys in <paramref name="keysDirectory"/> (under the data root, so sessions survive a
    /// restart).</summary>
    public static IServiceCollection AddDashboardAccess(this IServiceCollection services, IConfiguration configuration,
        Func<IServiceProvider, string> keysDirectory)
    {
        services.AddDataProtection().SetApplicationName("Dashboard");
        // PersistKeysToFileSystem, with the directory read from the validated settings when the keys are first needed.
        services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(provider => new ConfigureOptions<KeyManagementOptions>(o =>
            o.XmlRepository = new KeysDirectoryRepository(() => keysDirectory(provider), provider.GetRequiredService<ILoggerFactory>())));
        services.AddOptions<AccessOptions>().Bind(configuration.GetSection(AccessOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AccessOptions>, AccessOptionsValidator>();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<AccessOptions>>().Value);
        services.TryAddSingleton(TimeProvider.System); // tests substitute a clock
        services.AddSingleton<SetupLinks>();
        services.AddSingleton<HostAllowList>();
        services.AddSingleton<UnknownUserLockout>();
        services.TryAddSingleton<IPasswordHasher>(PasswordHasher.Instance); // tests count the hash work
        services.AddSingleton<ConnectionRevoker>();
        services.AddSingleton<IAuditLog, AuditLog>();
        services.AddScoped<AccessService>();
        services.AddScoped<UiActions>(); // the pages' actions: authorized against the circuit's user, then audited
        services.AddHostedService<SessionSweeper>();
        // The filter only tracks EngineHub connections (see RevocationHubFilter); circuits revalidate instead.
        services.Configure<HubOptions>(o => o.AddFilter<RevocationHubFilter>());
        services.AddSingleton<RevocationHubFilter>();

        // The connection decides first: the unix socket's listener is tagged (ListenerTags) and its caller is the
        // socket's admin principal; over TCP a bearer header means a token, anything else the session cookie.
        services.AddAuthentication(AccessClaims.SmartScheme)
            .AddPolicyScheme(AccessClaims.SmartScheme, "unix socket, bearer token or cookie", o => o.ForwardDefaultSelector = context =>
                ListenerTags.IsUnixSocket(context) ? AccessClaims.SocketScheme
                : context.Request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
                    ? AccessClaims.BearerScheme : AccessClaims.CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, UnixSocketAuthenticationHandler>(AccessClaims.SocketScheme, null)
            .AddScheme<AuthenticationSchemeOptions, BearerTokenHandler>(AccessClaims.BearerScheme, null)
            .AddCookie(AccessClaims.CookieScheme, o =>
            {
                o.Cookie.Name = "dashboard.session";
                o.Cookie.HttpOnly = true;
                o.Cookie.SameSite = SameSiteMode.Strict;
                o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest; // the default bind is plain http on loopback
                o.SlidingExpiration = true;
                o.LoginPath = "/login";
                o.AccessDeniedPath = "/forbidden";
                o.Events.OnValidatePrincipal = ValidateCookieAsync;
                o.Events.OnRedirectToLogin = context => RedirectOr401(context, 401);
                o.Events.OnRedirectToAccessDenied = context => RedirectOr401(context, 403);
            });
        services.AddOptions<CookieAuthenticationOptions>(AccessClaims.CookieScheme)
            .Configure<AccessOptions>((o, access) => o.ExpireTimeSpan = access.IdleTimeout);
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Policies.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Roles.Policies.Operator, p => p.RequireRole(Roles.Admin, Roles.Operator))
            .AddPolicy(Roles.Policies.Viewer, p => p.RequireRole(Roles.Admin, Roles.Operator, Roles.Viewer));
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, SessionRevalidatingStateProvider>();
        services.AddAntiforgery();
        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(AccessEndpoints.LoginRateLimitPolicy, context =>
            {
                var permits = context.RequestServices.GetRequiredService<AccessOptions>().LoginAttemptsPerMinutePerIp;
                return RateLimitPartition.GetFixedWindowLimiter(context.Connection.RemoteIpAddress?.ToString() ?? "unix",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = permits, Window = TimeSpan.FromMinutes(1) });
            });
        });
        return services;
    }

    /// <summary>The browser security headers, authentication, the TCP gate (Host check, same-origin rule, roles),
    /// authorization, antiforgery and the login rate limiter, in that order.</summary>
    public static WebApplication UseDashboardAccess(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseAuthentication();
        app.UseTcpAccessGate();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseRateLimiter();
        return app;
    }

    /// <summary>On start with no users, prints a setup link to the log (and returns it, for tests).</summary>
    public static async Task<string?> AnnounceSetupLinkAsync(IServiceProvider services, ILogger logger, CancellationToken ct)
    {
        using var scope = services.CreateScope();
        if (await scope.ServiceProvider.GetRequiredService<AccessService>().HasUsersAsync(ct)) return null;
        var (token, expires) = services.GetRequiredService<SetupLinks>().Issue();
        var url = AccessEndpoints.SetupUrl(services.GetRequiredService<IServer>(), token);
        logger.LogWarning("No accounts yet. Create the admin account at {SetupUrl} (valid until {Expires:u}, one use; 'dashctl setup-link' prints a fresh one)",
            url, expires);
        return url;
    }

    private static async Task ValidateCookieAsync(CookieValidatePrincipalContext context)
    {
        var sid = context.Principal?.FindFirst(AccessClaims.SessionId)?.Value;
        var access = context.HttpContext.RequestServices.GetRequiredService<AccessService>();
        var fresh = sid is null ? null : await access.ValidateSessionAsync(sid, touch: true, context.HttpContext.RequestAborted);
        if (fresh is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(AccessClaims.CookieScheme);
            return;
        }
        context.ReplacePrincipal(fresh); // picks up role changes
    }

    private static Task RedirectOr401(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        var path = context.Request.Path;
        if (path.StartsWithSegments("/api") || path.StartsWithSegments("/hubs") || path.StartsWithSegments("/_blazor"))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
