using System.Net;
using System.Net.Http.Json;
using Dashboard.Web.Access;

namespace Dashboard.Web.Tests.Access;

/// <summary>Setup links, cookie logins, lockout, logout and revocation, through the real forms over TCP.</summary>
public sealed class SessionTests : IAsyncLifetime
{
    private AccessHost _host = null!;

    public async Task InitializeAsync() => _host = await AccessHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task A_page_beyond_the_role_sends_the_signed_in_user_to_a_notice_not_to_the_login()
    {
        await _host.CreateAdminAsync();
        await _host.CreateUserAsync("watcher", Roles.Viewer, "watcher-password-1");
        using var browser = _host.Tcp();
        Assert.Equal("/containers", (await AccessHost.LoginAsync(browser, "watcher", "watcher-password-1")).Headers.Location!.OriginalString);

        var refused = await browser.GetAsync("/settings");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        var location = new Uri(_host.BaseAddress, refused.Headers.Location!).PathAndQuery;
        Assert.StartsWith("/forbidden?ReturnUrl=", location);

        // The notice itself (rendered interactively; its text is checked in bUnit and the browser test) is open to the
        // signed-in viewer, not bounced to the login again.
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync(location)).StatusCode);
    }

    [Fact]
    public async Task Setup_link_creates_the_admin_once_and_logs_them_in()
    {
        using var unix = _host.Unix();
        var link = await (await unix.PostAsync("/api/setup-link", null)).Content.ReadFromJsonAsync<Dashboard.Contracts.Access.SetupLinkDto>(Dashboard.Contracts.ContractJson.Options);
        var path = new Uri(link!.Url).PathAndQuery;
        var token = path[(path.IndexOf('=') + 1)..];

        using var browser = _host.Tcp();
        var weak = await AccessHost.PostFormAsync(browser, path, "/access/setup",
            new() { ["token"] = token, ["userName"] = "root", ["password"] = "short", ["confirmPassword"] = "short" });
        Assert.Contains("12", Uri.UnescapeDataString(weak.Headers.Location!.OriginalString));

        var ok = await AccessHost.PostFormAsync(browser, path, "/access/setup",
            new() { ["token"] = token, ["userName"] = "root", ["password"] = "a-long-password", ["confirmPassword"] = "a-long-password" });
        Assert.Equal("/", ok.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/containers")).StatusCode);

        // Used: the page refuses it, a replayed post fails, and no new link is handed out.
        Assert.Contains("setup-invalid", await browser.GetStringAsync(path));
        Assert.Equal(HttpStatusCode.Conflict, (await unix.PostAsync("/api/setup-link", null)).StatusCode);
        var users = await _host.WithAccessAsync(a => a.ListUsersAsync(CancellationToken.None));
        Assert.Equal("root", Assert.Single(users).Name);
    }

    [Fact]
    public async Task Dashctl_setup_link_prints_a_working_link_until_an_admin_exists()
    {
        var output = new StringWriter();
        var errors = new StringWriter();
        var code = await Dashboard.Cli.Dashctl.RunAsync(["-H", "unix://" + _host.SocketPath, "setup-link"], output, errors, _ => null, CancellationToken.None);
        Assert.Equal(0, code);
        var url = new Uri(output.ToString().Trim());
        using var browser = _host.Tcp();
        Assert.Contains("setup-form", await browser.GetStringAsync(url.PathAndQuery));

        await _host.CreateAdminAsync();
        errors = new StringWriter();
        code = await Dashboard.Cli.Dashctl.RunAsync(["-H", "unix://" + _host.SocketPath, "setup-link"], new StringWriter(), errors, _ => null, CancellationToken.None);
        Assert.Equal(1, code);
        Assert.Contains("admin account exists", errors.ToString());
    }

    [Fact]
    public async Task Setup_links_expire()
    {
        var (token, _) = ((SetupLinks)_host.Services.GetService(typeof(SetupLinks))!).Issue();
        using var browser = _host.Tcp();
        Assert.Contains("setup-form", await browser.GetStringAsync("/setup?token=" + token));
        _host.Clock.Advance(_host.Options.SetupLinkLifetime + TimeSpan.FromSeconds(1));
        Assert.Contains("setup-invalid", await browser.GetStringAsync("/setup?token=" + token));
        await Assert.ThrowsAsync<AccessException>(() => _host.WithAccessAsync(a =>
            a.SetupAsync(token, "late", "a-long-password", "a-long-password", null, CancellationToken.None)));
    }

    [Fact]
    public async Task Login_sets_a_session_and_wrong_passwords_lock_the_account()
    {
        await _host.CreateAdminAsync();
        await _host.CreateUserAsync("alice", Roles.Viewer, "alice-password-1");
        using var browser = _host.Tcp();
        for (var i = 1; i < _host.Options.LockoutThreshold; i++)
            Assert.Contains("error=invalid", (await AccessHost.LoginAsync(browser, "alice", "wrong-password!")).Headers.Location!.OriginalString);
        Assert.Contains("error=locked", (await AccessHost.LoginAsync(browser, "alice", "wrong-password!")).Headers.Location!.OriginalString);
        // Even the right password is refused while locked.
        Assert.Contains("error=locked", (await AccessHost.LoginAsync(browser, "alice", "alice-password-1")).Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/containers")).StatusCode);

        _host.Clock.Advance(_host.Options.LockoutDuration + TimeSpan.FromSeconds(1));
        var ok = await AccessHost.LoginAsync(browser, "alice", "alice-password-1");
        Assert.Equal("/containers", ok.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/containers")).StatusCode);

        var audit = await ((IAuditLog)_host.Services.GetService(typeof(IAuditLog))!).RecentAsync(50, CancellationToken.None);
        Assert.Contains(audit, e => e.Action == "login.success" && e.Actor == "alice");
        Assert.Contains(audit, e => e.Action == "login.failure" && e.Detail!.Contains("locked"));
    }

    [Fact]
    public async Task Logout_revokes_the_session_even_for_a_replayed_cookie()
    {
        await _host.CreateAdminAsync();
        var cookies = new CookieContainer();
        using var browser = _host.Tcp(cookies);
        await AccessHost.LoginAsync(browser, "admin", "admin-password-1");
        var stolen = cookies.GetCookieHeader(_host.BaseAddress);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/containers")).StatusCode);

        var logout = await AccessHost.PostFormAsync(browser, "/login", "/access/logout", []);
        Assert.Equal("/login", logout.Headers.Location!.OriginalString);

        using var replay = _host.Tcp();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/containers");
        request.Headers.Add("Cookie", stolen);
        Assert.Equal(HttpStatusCode.Unauthorized, (await replay.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task A_password_change_ends_the_other_sessions_only()
    {
        await _host.CreateAdminAsync();
        using var first = _host.Tcp();
        using var second = _host.Tcp();
        await AccessHost.LoginAsync(first, "admin", "admin-password-1");
        await AccessHost.LoginAsync(second, "admin", "admin-password-1");
        var admin = (await _host.WithAccessAsync(a => a.ListUsersAsync(CancellationToken.None))).Single();
        // The change is made from the first session (as the Settings page does with the circuit's user).
        var firstUser = await WhoAmIAsync(first);
        await _host.WithAccessAsync(async a => { await a.SetPasswordAsync(firstUser, admin.Id, "another-password", null, CancellationToken.None); return 0; });

        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/api/containers")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync("/api/containers")).StatusCode);
        Assert.Contains("error=invalid", (await AccessHost.LoginAsync(second, "admin", "admin-password-1")).Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Idle_and_absolute_timeouts_end_sessions()
    {
        await _host.CreateAdminAsync();
        using var idle = _host.Tcp();
        await AccessHost.LoginAsync(idle, "admin", "admin-password-1");
        _host.Clock.Advance(_host.Options.IdleTimeout - TimeSpan.FromMinutes(2));
        Assert.Equal(HttpStatusCode.OK, (await idle.GetAsync("/api/containers")).StatusCode); // activity slides it
        _host.Clock.Advance(_host.Options.IdleTimeout + TimeSpan.FromMinutes(1));
        Assert.Equal(HttpStatusCode.Unauthorized, (await idle.GetAsync("/api/containers")).StatusCode);

        using var busy = _host.Tcp();
        await AccessHost.LoginAsync(busy, "admin", "admin-password-1");
        var end = _host.Clock.GetUtcNow() + _host.Options.AbsoluteTimeout;
        while (_host.Clock.GetUtcNow() < end - TimeSpan.FromMinutes(20))
        {
            _host.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/api/containers")).StatusCode);
        }
        _host.Clock.Advance(TimeSpan.FromMinutes(21));
        Assert.Equal(HttpStatusCode.Unauthorized, (await busy.GetAsync("/api/containers")).StatusCode);
    }

    /// <summary>The principal of a logged-in client's session, rebuilt from the sessions table (the newest open one).</summary>
    private async Task<System.Security.Claims.ClaimsPrincipal> WhoAmIAsync(HttpClient client)
    {
        // The cookie is opaque; find the session by logging in state: the newest session row belongs to the last login,
        // so log this client in again and take that one.
        await AccessHost.LoginAsync(client, "admin", "admin-password-1");
        var db = (Dashboard.Data.SqliteDatabase)_host.Services.GetService(typeof(Dashboard.Data.SqliteDatabase))!;
        using var connection = db.OpenConnection();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id FROM sessions WHERE revoked_s IS NULL ORDER BY rowid DESC LIMIT 1";
        var sid = (string)command.ExecuteScalar()!;
        return (await _host.WithAccessAsync(a => a.ValidateSessionAsync(sid, touch: false, CancellationToken.None)))!;
    }
}
