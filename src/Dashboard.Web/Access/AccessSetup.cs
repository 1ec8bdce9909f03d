using System.Threading.RateLimiting;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.Access;

/// <summary>
/// Wires access control: <see cref="AddDashboardAccess"/> (services: the three authentication schemes, the role
/// policies, <see cref="UiActions"/>), <see cref="UseDashboardAccess"/> (middleware, from routing to the endpoints) and
/// <see cref="AccessEndpoints.MapAccessEndpoints"/>. Needs AddDashboardData. Routes declare their own policy and audit
/// action (<see cref="RouteAccess"/>, <see cref="AuditConventions"/>).
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
        // Every route declares its policy where it is mapped (RouteAccess); the fallback covers requests no route
        // claims (unknown paths): a login, and an operator for anything but a read, as a route of its own would.
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Policies.Admin, p => p.RequireRole(Roles.AtLeast(Roles.Admin)))
            .AddPolicy(Roles.Policies.Operator, p => p.RequireRole(Roles.AtLeast(Roles.Operator)))
            .AddPolicy(Roles.Policies.Viewer, p => p.RequireRole(Roles.AtLeast(Roles.Viewer)))
            .AddPolicy(Roles.Policies.UnixSocket, p => p.RequireAssertion(c => c.Resource is HttpContext http && ListenerTags.IsUnixSocket(http)))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().AddRequirements(new RequestRoleRequirement(RouteAccess.ReadOrAct)).Build());
        services.AddSingleton<IAuthorizationHandler, RequestRoleHandler>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AccessRefusals>();
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

    /// <summary>
    /// The access part of the pipeline, after routing (every step reads the endpoint routing chose): browser security
    /// headers, authentication, the TCP request rules (Host check, same-origin rule), <paramref name="publicFiles"/>
    /// (files anyone may fetch, served before authorization), authorization (each route's declared policy, refusals
    /// worded by <see cref="AccessRefusals"/>), antiforgery, the login rate limiter and the audit of declared actions.
    /// </summary>
    public static WebApplication UseDashboardAccess(this WebApplication app, Action<WebApplication>? publicFiles = null)
    {
        app.UseSecurityHeaders();
        app.UseRouting();
        app.UseAuthentication();
        app.UseTcpRequestRules();
        publicFiles?.Invoke(app);
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseRateLimiter();
        app.UseDeclaredAudit();
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

    /// <summary>The cookie handler's own redirects: only pages are sent to /login or /forbidden (a page load the
    /// browser follows); anything else gets the bare status (AccessRefusals words most refusals before this).</summary>
    private static Task RedirectOr401(Microsoft.AspNetCore.Authentication.RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (!AccessRefusals.IsPage(context.HttpContext.GetEndpoint()))
        {
            context.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
