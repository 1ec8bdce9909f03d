using System.Net;
using System.Net.WebSockets;
using Dashboard.Contracts.Containers;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;
using Dashboard.Web.Access;
using Dashboard.Web.NativeApi;
using Dashboard.Web.Tests.Daemon;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Access;

/// <summary>
/// The native exec WebSocket over TCP (the fake engine's exec is a cat): who may open one, from which origin, that it
/// closes when the user's access ends, and that each session is audited with its command and duration.
/// </summary>
public sealed class ExecAccessTests : IAsyncLifetime
{
    private AccessHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await AccessHost.StartAsync();
        await _host.CreateAdminAsync();
        var engine = _host.Services.GetRequiredService<IContainerEngine>();
        var created = await engine.CreateAsync(new CreateContainerRequest { Name = "web", Image = "busybox", Cmd = ["sleep", "3600"] }, CancellationToken.None);
        await engine.StartAsync(created.Id, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<string> TokenAsync(string role, string? name = null) =>
        _host.WithAccessAsync(a => a.CreateTokenAsync(AccessHost.System, name ?? "t-" + role, role, CancellationToken.None));

    private Uri ExecUri(string query) => new($"ws://{_host.BaseAddress.Authority}/api/containers/web/exec?{query}");

    private Task<ExecSocket> ConnectWithTokenAsync(string token, string query = "cmd=cat") =>
        ExecSocket.ConnectAsync(ExecUri(query), null, o => o.SetRequestHeader("Authorization", "Bearer " + token));

    private Task<ExecSocket> ConnectWithCookieAsync(CookieContainer cookies, string origin, string query = "cmd=cat") =>
        ExecSocket.ConnectAsync(ExecUri(query), null, o =>
        {
            o.Cookies = cookies;
            o.SetRequestHeader("Origin", origin);
        });

    private async Task<CookieContainer> LoginAsync(string name, string role)
    {
        await _host.CreateUserAsync(name, role, name + "-password-1");
        var cookies = new CookieContainer();
        using var browser = _host.Tcp(cookies);
        Assert.Equal(HttpStatusCode.Redirect, (await AccessHost.LoginAsync(browser, name, name + "-password-1")).StatusCode);
        return cookies;
    }

    [Fact]
    public async Task A_viewer_is_refused_and_an_operator_gets_a_session_that_carries_stdin_both_ways()
    {
        var viewer = await Assert.ThrowsAsync<ExecRefusedException>(async () => await ConnectWithTokenAsync(await TokenAsync(Roles.Viewer)));
        Assert.Equal(HttpStatusCode.Forbidden, viewer.Status);
        Assert.Empty(_host.Engine.ExecRequests);

        await using var exec = await ConnectWithTokenAsync(await TokenAsync(Roles.Operator));
        await exec.SendStdinAsync("hello\n");
        await exec.WaitForStdoutAsync("hello\n");
        await exec.CloseInputAsync();
        Assert.True(await exec.WaitClosedAsync(), "the session did not end with its input");
        Assert.Equal(0, exec.ExitCode());
        Assert.Equal(WebSocketCloseStatus.NormalClosure, exec.CloseStatus);
        Assert.Equal(ExecProtocol.EndedDescription, exec.CloseDescription);
    }

    [Fact]
    public async Task A_privileged_exec_is_for_admins_only()
    {
        var refused = await Assert.ThrowsAsync<ExecRefusedException>(async () =>
            await ConnectWithTokenAsync(await TokenAsync(Roles.Operator), "cmd=cat&privileged=true"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        Assert.Empty(_host.Engine.ExecRequests);

        await using var exec = await ConnectWithTokenAsync(await TokenAsync(Roles.Admin), "cmd=cat&privileged=true");
        Assert.True(Assert.Single(_host.Engine.ExecRequests).Privileged);
    }

    [Fact]
    public async Task A_cookie_session_cannot_open_an_exec_from_another_origin()
    {
        // A page on another port of 127.0.0.1 is same-site: the browser sends the operator's cookie with its handshake.
        var cookies = await LoginAsync("olga", Roles.Operator);
        var otherPort = $"http://127.0.0.1:{(_host.BaseAddress.Port == 65535 ? 65534 : _host.BaseAddress.Port + 1)}";
        foreach (var origin in new[] { otherPort, "http://evil.example", "null" })
        {
            var refused = await Assert.ThrowsAsync<ExecRefusedException>(() => ConnectWithCookieAsync(cookies, origin));
            Assert.Equal(HttpStatusCode.Forbidden, refused.Status);
        }
        Assert.Empty(_host.Engine.ExecRequests);

        await using var exec = await ConnectWithCookieAsync(cookies, _host.Origin);
        Assert.Equal(WebSocketState.Open, exec.State);
    }

    [Fact]
    public async Task Revoking_the_token_closes_the_session_and_hangs_up_its_process()
    {
        await using var exec = await ConnectWithTokenAsync(await TokenAsync(Roles.Operator, "ops"));
        await exec.SendStdinAsync("still here\n");
        await exec.WaitForStdoutAsync("still here\n");

        var id = (await _host.WithAccessAsync(a => a.ListTokensAsync(CancellationToken.None))).Single(t => t.Name == "ops").Id;
        await _host.WithAccessAsync(async a => { await a.RevokeTokenAsync(AccessHost.System, id, CancellationToken.None); return 0; });

        await AssertRevokedAsync(exec);
    }

    [Fact]
    public async Task Logging_out_closes_the_sessions_of_that_login()
    {
        var cookies = await LoginAsync("olga", Roles.Operator);
        await using var exec = await ConnectWithCookieAsync(cookies, _host.Origin);
        using var browser = _host.Tcp(cookies);
        var logout = await AccessHost.PostFormAsync(browser, "/login", "/access/logout", []);
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        await AssertRevokedAsync(exec);
    }

    [Fact]
    public async Task Losing_the_operator_role_closes_the_session()
    {
        var cookies = await LoginAsync("olga", Roles.Operator);
        await using var exec = await ConnectWithCookieAsync(cookies, _host.Origin);
        var olga = (await _host.WithAccessAsync(a => a.ListUsersAsync(CancellationToken.None))).Single(u => u.Name == "olga");
        await _host.WithAccessAsync(async a => { await a.SetRoleAsync(AccessHost.System, olga.Id, Roles.Viewer, CancellationToken.None); return 0; });
        await AssertRevokedAsync(exec);
    }

    private async Task AssertRevokedAsync(ExecSocket exec)
    {
        Assert.True(await exec.WaitClosedAsync(TimeSpan.FromSeconds(10)), "the session stayed open after the access ended");
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, exec.CloseStatus);
        Assert.Equal(ExecProtocol.RevokedDescription, exec.CloseDescription);
        await Eventually.TrueAsync(() => _host.Engine.HungUpExecs.Count == 1, "the revoked session's process to be hung up");
        var end = await AuditAsync(ExecAudit.EndAction);
        Assert.Contains("access was revoked", end.Detail);
    }

    [Fact]
    public async Task Each_session_is_audited_at_its_start_and_at_its_end_with_who_the_command_and_how_long()
    {
        await using var exec = await ConnectWithTokenAsync(await TokenAsync(Roles.Operator, "ops"), "cmd=sh&cmd=-c&cmd=cat%20-n&tty=true&user=nobody");
        var start = await AuditAsync(ExecAudit.StartAction);
        Assert.Equal(("token:ops", "web"), (start.Actor, start.Target));
        Assert.StartsWith("sh -c 'cat -n' (tty, user nobody); exec ", start.Detail);

        _host.Clock.Advance(TimeSpan.FromSeconds(90));
        await exec.CloseInputAsync();
        Assert.True(await exec.WaitClosedAsync());
        var end = await AuditAsync(ExecAudit.EndAction);
        Assert.Equal(("token:ops", "web"), (end.Actor, end.Target));
        // A terminal's close hangs it up (the fake's process then ends with 128+SIGHUP).
        Assert.StartsWith("sh -c 'cat -n': exit 129 after 90.0 s; exec ", end.Detail);
    }

    [Fact]
    public async Task A_session_whose_container_is_removed_ends_normally_and_is_audited_as_removed()
    {
        await using var exec = await ConnectWithTokenAsync(await TokenAsync(Roles.Operator, "ops"));
        await exec.SendStdinAsync("still here\n");
        await exec.WaitForStdoutAsync("still here\n");

        // The remove forgot the session before it asked for the exit code: there is none to send.
        _host.Engine.ForgetExecs();

        Assert.True(await exec.WaitClosedAsync(TimeSpan.FromSeconds(10)), "the session stayed open after its container went");
        Assert.Equal(WebSocketCloseStatus.NormalClosure, exec.CloseStatus);
        Assert.Equal(ExecProtocol.RemovedDescription, exec.CloseDescription);
        Assert.DoesNotContain(exec.Texts, t => t.Contains("exitCode", StringComparison.Ordinal));
        var end = await AuditAsync(ExecAudit.EndAction);
        Assert.StartsWith("cat: ended: the container was removed after ", end.Detail);
        Assert.Empty(_host.Engine.HungUpExecs);
    }

    private async Task<Dashboard.Data.Access.AuditEntry> AuditAsync(string action)
    {
        var log = _host.Services.GetRequiredService<IAuditLog>();
        Dashboard.Data.Access.AuditEntry? entry = null;
        await Eventually.TrueAsync(() =>
        {
            entry = log.RecentAsync(50, CancellationToken.None).GetAwaiter().GetResult().FirstOrDefault(e => e.Action == action);
            return entry is not null;
        }, $"an audit record {action}");
        return entry!;
    }
}
