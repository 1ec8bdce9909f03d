using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using Dashboard.Web.Access;

namespace Dashboard.Web.Tests.Access;

/// <summary>
/// CSRF: a page on another port of 127.0.0.1 is same-site, so the browser sends our SameSite=Strict session cookie
/// with its requests. Cookie-authenticated requests that change state (and WebSocket handshakes) must come from this
/// origin; bearer tokens and the unix socket are not affected.
/// </summary>
public sealed class CrossOriginTests : IAsyncLifetime
{
    private const string HostBind = """{"Image":"busybox","HostConfig":{"Binds":["/:/host"]}}""";
    private AccessHost _host = null!;
    private CookieContainer _cookies = null!;

    public async Task InitializeAsync()
    {
        _host = await AccessHost.StartAsync();
        await _host.CreateAdminAsync();
        await _host.CreateUserAsync("olga", Roles.Operator, "olga-password-1");
        _cookies = new CookieContainer();
        using var browser = _host.Tcp(_cookies);
        Assert.Equal(HttpStatusCode.Redirect, (await AccessHost.LoginAsync(browser, "olga", "olga-password-1")).StatusCode);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    /// <summary>Another port of the same address: same-site, not same-origin.</summary>
    private string OtherPort => $"http://127.0.0.1:{(_host.BaseAddress.Port == 65535 ? 65534 : _host.BaseAddress.Port + 1)}";

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? origin, string? fetchSite = null,
        HttpContent? content = null)
    {
        using var client = _host.Tcp(_cookies, origin);
        var request = new HttpRequestMessage(method, path) { Content = content };
        if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);
        return await client.SendAsync(request);
    }

    private static StringContent PlainText(string body) => new(body, Encoding.UTF8, "text/plain");

    [Fact]
    public async Task A_page_on_another_port_cannot_create_a_container_with_the_operators_cookie()
    {
        // What <form enctype="text/plain"> or fetch(..., {mode: "no-cors", credentials: "include"}) sends: no preflight.
        var docker = await SendAsync(HttpMethod.Post, "/v1.44/containers/create?name=pwn", OtherPort, "same-site", PlainText(HostBind));
        Assert.Equal(HttpStatusCode.Forbidden, docker.StatusCode);
        Assert.Contains("Cross-origin request refused", await docker.Content.ReadAsStringAsync());
        // Unversioned path, native API, no Sec-Fetch-Site (older browsers): refused on the Origin alone.
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, "/containers/create?name=pwn2", OtherPort, null, PlainText(HostBind))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, "/api/containers", "http://evil.example", null,
            PlainText("""{"image":"busybox","name":"pwn3","binds":["/:/host"]}"""))).StatusCode);
        Assert.Empty(_host.Engine.List());
    }

    [Fact]
    public async Task Every_unsafe_method_is_covered()
    {
        var created = await SendAsync(HttpMethod.Post, "/v1.44/containers/create?name=keep", _host.Origin, "same-origin",
            new StringContent("""{"Image":"busybox"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Delete, "/v1.44/containers/keep?force=1", OtherPort)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, "/api/containers/keep/start", OtherPort, "same-site")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Put, "/api/containers/keep", "null")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Patch, "/api/containers/keep", OtherPort)).StatusCode);
        Assert.Single(_host.Engine.List());

        // Same origin goes through.
        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, "/v1.44/containers/keep?force=1", _host.Origin, "same-origin")).StatusCode);
        Assert.Empty(_host.Engine.List());
    }

    [Fact]
    public async Task A_cookie_request_with_neither_origin_nor_fetch_metadata_is_refused_with_a_hint()
    {
        var response = await SendAsync(HttpMethod.Post, "/api/containers", origin: null, content:
            new StringContent("""{"image":"busybox"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Bearer", await response.Content.ReadAsStringAsync());
        // Sec-Fetch-Site alone (no Origin) is what a browser that strips Origin sends: it says same-origin, so it passes.
        Assert.Equal(HttpStatusCode.Created, (await SendAsync(HttpMethod.Post, "/api/containers", origin: null, fetchSite: "same-origin", content:
            new StringContent("""{"image":"busybox"}""", Encoding.UTF8, "application/json"))).StatusCode);
        // Reads need no Origin: a cross-origin page cannot read the answer anyway.
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/containers", origin: null)).StatusCode);
    }

    [Fact]
    public async Task Logout_from_another_origin_is_refused_and_the_session_lives_on()
    {
        var logout = await SendAsync(HttpMethod.Post, "/access/logout", OtherPort, "same-site");
        Assert.Equal(HttpStatusCode.Forbidden, logout.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Get, "/api/containers", null)).StatusCode);
    }

    [Fact]
    public async Task The_login_form_posted_from_another_origin_is_refused()
    {
        using var attacker = _host.Tcp(origin: OtherPort);
        var response = await AccessHost.PostFormAsync(attacker, "/login", "/access/login",
            new() { ["userName"] = "olga", ["password"] = "olga-password-1", ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task Blazor_and_hub_negotiation_work_from_this_origin_only()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", _host.Origin, "same-origin")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(HttpMethod.Post, "/hubs/engine/negotiate?negotiateVersion=1", _host.Origin, "same-origin")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1", OtherPort, "same-site")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, "/hubs/engine/negotiate?negotiateVersion=1", OtherPort, "same-site")).StatusCode);
    }

    [Fact]
    public async Task A_websocket_opened_by_another_origin_is_refused()
    {
        // SignalR accepts a WebSocket without a negotiate first (skipNegotiation), so the handshake itself is checked:
        // otherwise a page on another port could drive a Blazor circuit or read the hub with the user's cookie.
        var url = new Uri($"ws://{_host.BaseAddress.Authority}/hubs/engine");
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(url, OtherPort));
        Assert.Contains("403", refused.Message);
        var blazor = await Assert.ThrowsAsync<WebSocketException>(() => ConnectAsync(new Uri($"ws://{_host.BaseAddress.Authority}/_blazor"), OtherPort));
        Assert.Contains("403", blazor.Message);

        using var ok = await ConnectAsync(url, _host.Origin);
        Assert.Equal(WebSocketState.Open, ok.State);
        await ok.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    private async Task<ClientWebSocket> ConnectAsync(Uri url, string origin)
    {
        var socket = new ClientWebSocket();
        socket.Options.Cookies = _cookies;
        socket.Options.SetRequestHeader("Origin", origin);
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await socket.ConnectAsync(url, timeout.Token);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    [Fact]
    public async Task Bearer_tokens_and_the_unix_socket_are_not_affected()
    {
        var token = await _host.WithAccessAsync(a => a.CreateTokenAsync(AccessHost.System, "ci", Roles.Operator, CancellationToken.None));
        using var script = _host.Tcp(origin: "http://evil.example");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1.44/containers/create?name=by-token")
        {
            Content = new StringContent("""{"Image":"busybox"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.Created, (await script.SendAsync(request)).StatusCode);

        using var unix = _host.Unix();
        var viaSocket = new HttpRequestMessage(HttpMethod.Post, "/v1.44/containers/create?name=by-socket")
        {
            Content = new StringContent("""{"Image":"busybox"}""", Encoding.UTF8, "application/json"),
        };
        viaSocket.Headers.Add("Origin", "http://evil.example");
        Assert.Equal(HttpStatusCode.Created, (await unix.SendAsync(viaSocket)).StatusCode);
    }
}
