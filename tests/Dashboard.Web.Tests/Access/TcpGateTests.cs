using System.Net;
using System.Net.Http.Headers;

namespace Dashboard.Web.Tests.Access;

/// <summary>Over TCP nothing but login, setup, assets and /healthz answers without a session or token; the unix socket stays trusted.</summary>
public sealed class TcpGateTests : IAsyncLifetime
{
    private AccessHost _host = null!;

    public async Task InitializeAsync() => _host = await AccessHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("/")]
    [InlineData("/containers")]
    [InlineData("/settings")]
    [InlineData("/audit")]
    [InlineData("/no-such-page")]
    public async Task Unauthenticated_page_loads_redirect_to_login(string page)
    {
        using var client = _host.Tcp();
        using var request = new HttpRequestMessage(HttpMethod.Get, page);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login?returnUrl=", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("GET", "/api/containers")]
    [InlineData("GET", "/api/images")]
    [InlineData("GET", "/api/events")]
    [InlineData("POST", "/api/containers")]
    [InlineData("GET", "/containers/json")]
    [InlineData("GET", "/v1.44/containers/json")]
    [InlineData("POST", "/v1.44/containers/create")]
    [InlineData("GET", "/_ping")]
    [InlineData("GET", "/version")]
    [InlineData("GET", "/images/json")]
    [InlineData("GET", "/metrics")]
    [InlineData("POST", "/hubs/engine/negotiate?negotiateVersion=1")]
    [InlineData("GET", "/hubs/engine")]
    [InlineData("POST", "/_blazor/negotiate?negotiateVersion=1")]
    public async Task Unauthenticated_api_and_hub_requests_get_401(string method, string path)
    {
        using var client = _host.Tcp();
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("/login")]
    [InlineData("/healthz")]
    [InlineData("/assets/app.css")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/_framework/blazor.web.js")]
    public async Task Login_page_and_static_files_are_public(string path)
    {
        using var client = _host.Tcp();
        using var response = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEmpty(await response.Content.ReadAsByteArrayAsync()); // a build once answered 200 with no body
    }

    [Fact]
    public async Task The_unix_socket_stays_trusted()
    {
        using var client = _host.Unix();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/containers")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/_ping")).StatusCode);
    }

    [Fact]
    public async Task Bearer_tokens_authenticate_and_their_role_limits_the_verbs()
    {
        await _host.CreateAdminAsync();
        var viewer = await _host.WithAccessAsync(a => a.CreateTokenAsync(AccessHost.System, "ci-read", "viewer", CancellationToken.None));
        var op = await _host.WithAccessAsync(a => a.CreateTokenAsync(AccessHost.System, "ci-ops", "operator", CancellationToken.None));
        using var client = _host.Tcp();

        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/api/containers", viewer)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/v1.44/containers/json", viewer)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Post, "/v1.44/containers/nope/start", viewer)).StatusCode);
        // The operator passes the gate and reaches the API, which answers 404 for the unknown container.
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, HttpMethod.Post, "/v1.44/containers/nope/start", op)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, HttpMethod.Get, "/api/containers", "dsh_" + new string('0', 64))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, HttpMethod.Get, "/api/containers", "not-a-token")).StatusCode);
    }

    [Fact]
    public async Task An_attach_that_writes_stdin_needs_an_operator_and_one_that_reads_is_a_viewers()
    {
        await _host.CreateAdminAsync();
        var viewer = await _host.WithAccessAsync(a => a.CreateTokenAsync(AccessHost.System, "ci-read", "viewer", CancellationToken.None));
        var op = await _host.WithAccessAsync(a => a.CreateTokenAsync(AccessHost.System, "ci-ops", "operator", CancellationToken.None));
        using var client = _host.Tcp();
        // A WebSocket handshake is a GET; the gate must not let it through as a read when it carries input.
        var refused = await SendAsync(client, HttpMethod.Get, "/api/containers/nope/attach?stdin=true", viewer);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("operator", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Get, "/API/Containers/nope/Attach?stdin=1", viewer)).StatusCode);
        // Past the gate the route answers (not a WebSocket here): 400 or 404, never the gate's 403.
        Assert.NotEqual(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Get, "/api/containers/nope/attach?stdin=false", viewer)).StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Get, "/api/containers/nope/attach?stdin=true", op)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Post, "/v1.44/containers/nope/attach?stdin=1", viewer)).StatusCode);
    }

    /// <summary>docker cp out is a GET, but a container's files can be its secrets: copying either way needs an operator,
    /// at both APIs, with or without a version, whatever the case of the path.</summary>
    [Theory]
    [InlineData("GET", "/v1.44/containers/nope/archive?path=/etc/shadow")]
    [InlineData("HEAD", "/v1.44/containers/nope/archive?path=/etc/shadow")]
    [InlineData("GET", "/containers/nope/archive?path=/")]
    [InlineData("GET", "/api/containers/nope/archive?path=/")]
    [InlineData("HEAD", "/API/Containers/nope/Archive?path=/")]
    [InlineData("PUT", "/v1.44/containers/nope/archive?path=/tmp")]
    [InlineData("PUT", "/api/containers/nope/archive?path=/tmp")]
    public async Task Copying_files_in_or_out_needs_an_operator(string method, string path)
    {
        await _host.CreateAdminAsync();
        var viewer = await _host.WithAccessAsync(a => a.CreateTokenAsync(AccessHost.System, "ci-read", "viewer", CancellationToken.None));
        var op = await _host.WithAccessAsync(a => a.CreateTokenAsync(AccessHost.System, "ci-ops", "operator", CancellationToken.None));
        using var client = _host.Tcp();
        var refused = await SendAsync(client, new HttpMethod(method), path, viewer);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        if (method != "HEAD") Assert.Contains("operator", await refused.Content.ReadAsStringAsync());
        // The operator passes the gate and reaches the route, which answers 404 for the unknown container.
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(client, new HttpMethod(method), path, op)).StatusCode);
        // Reads next to it stay a viewer's.
        Assert.NotEqual(HttpStatusCode.Forbidden, (await SendAsync(client, HttpMethod.Get, "/v1.44/containers/nope/json", viewer)).StatusCode);
    }

    [Fact]
    public async Task A_revoked_token_stops_working()
    {
        await _host.CreateAdminAsync();
        var secret = await _host.WithAccessAsync(a => a.CreateTokenAsync(AccessHost.System, "old", "admin", CancellationToken.None));
        using var client = _host.Tcp();
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(client, HttpMethod.Get, "/api/containers", secret)).StatusCode);
        var id = (await _host.WithAccessAsync(a => a.ListTokensAsync(CancellationToken.None))).Single().Id;
        await _host.WithAccessAsync(async a => { await a.RevokeTokenAsync(AccessHost.System, id, CancellationToken.None); return 0; });
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(client, HttpMethod.Get, "/api/containers", secret)).StatusCode);
    }

    [Fact]
    public async Task Setup_link_route_is_unix_socket_only()
    {
        using var tcp = _host.Tcp();
        Assert.Equal(HttpStatusCode.Forbidden, (await tcp.PostAsync("/api/setup-link", null)).StatusCode);
        using var unix = _host.Unix();
        var response = await unix.PostAsync("/api/setup-link", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/setup?token=", await response.Content.ReadAsStringAsync());
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string token)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}
