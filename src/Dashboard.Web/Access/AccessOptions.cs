namespace Dashboard.Web.Access;

/// <summary>The "Access" configuration section: session timeouts, lockout, the setup link, and which Host names and
/// browser origins the TCP listener answers.</summary>
public sealed class AccessOptions
{
    public const string Section = "Access";

    /// <summary>A session unused this long ends (sliding).</summary>
    public TimeSpan IdleTimeout { get; set; } = TimeSpan.FromMinutes(30);
    /// <summary>A session ends this long after login, however active.</summary>
    public TimeSpan AbsoluteTimeout { get; set; } = TimeSpan.FromHours(12);
    public int LockoutThreshold { get; set; } = 5;
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);
    /// <summary>Login POSTs allowed per client IP per minute (429 beyond).</summary>
    public int LoginAttemptsPerMinutePerIp { get; set; } = 20;
    public TimeSpan SetupLinkLifetime { get; set; } = TimeSpan.FromHours(1);
    /// <summary>How often open Blazor circuits and hub connections re-check their session.</summary>
    public TimeSpan RevalidationInterval { get; set; } = TimeSpan.FromSeconds(30);
    /// <summary>Host names (besides localhost, loopback and the listen addresses) that TCP requests may carry, e.g. the
    /// name a reverse proxy forwards; "*" accepts any (turns the DNS-rebinding check off). See <see cref="HostAllowList"/>.</summary>
    public List<string> AllowedHosts { get; set; } = [];
    /// <summary>Browser origins (scheme://host[:port]) besides the daemon's own that may send state-changing requests
    /// with a session cookie, e.g. "https://dashboard.example.com" behind a TLS-terminating proxy. See <see cref="SameOriginRule"/>.</summary>
    public List<string> AllowedOrigins { get; set; } = [];
}
