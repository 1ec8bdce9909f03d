using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dashboard.Web.Tests.Access;

/// <summary>Host namespaces are admin-only over TCP, at both API edges; the unix socket stays trusted.</summary>
public sealed class HostNamespaceAccessTests : IAsyncLifetime
{
    private AccessHost _host = null!;
    private string _operator = "";
    private string _admin = "";

    public async Task InitializeAsync()
    {
        _host = await AccessHost.StartAsync();
        await _host.CreateAdminAsync();
        _operator = await _host.WithAccessAsync(a => a.CreateTokenAsync(AccessHost.System, "ops", "operator", CancellationToken.None));
        _admin = await _host.WithAccessAsync(a => a.CreateTokenAsync(AccessHost.System, "root", "admin", CancellationToken.None));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient client, string path, object body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("network", "host", "network")]
    [InlineData("pid", "host", "PID")]
    [InlineData("ipc", "host", "IPC")]
    [InlineData("uts", "host", "UTS")]
    public async Task An_operator_over_tcp_is_refused_a_host_namespace_on_the_native_api(string field, string mode, string what)
    {
        using var tcp = _host.Tcp();
        var body = new Dictionary<string, object> { ["image"] = "busybox", [field] = mode };
        var (status, text) = await PostAsync(tcp, "/api/containers", body, _operator);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("Host namespaces are for admins only", detail);
        Assert.Contains($"only admins may use the host's {what} namespace (--{field} host)", detail);
        Assert.Contains("'operator' role", detail);
        Assert.Empty(await ListAsync());
    }

    [Theory]
    [InlineData("NetworkMode")]
    [InlineData("PidMode")]
    [InlineData("IpcMode")]
    [InlineData("UTSMode")]
    public async Task An_operator_over_tcp_is_refused_a_host_namespace_on_the_docker_api(string field)
    {
        using var tcp = _host.Tcp();
        var (status, text) = await PostAsync(tcp, "/v1.44/containers/create",
            new Dictionary<string, object> { ["Image"] = "busybox", ["HostConfig"] = new Dictionary<string, string> { [field] = "host" } }, _operator);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("Host namespaces are for admins only", JsonDocument.Parse(text).RootElement.GetProperty("message").GetString());
        Assert.Empty(await ListAsync());
    }

    [Fact]
    public async Task Admins_over_tcp_and_anyone_on_the_unix_socket_may_use_host_namespaces()
    {
        using var tcp = _host.Tcp();
        var (status, text) = await PostAsync(tcp, "/api/containers", new { image = "busybox", name = "by-admin", pid = "host", uts = "host" }, _admin);
        Assert.True(status == HttpStatusCode.Created, text);
        Assert.Equal("host", JsonDocument.Parse(text).RootElement.GetProperty("config").GetProperty("pidMode").GetString());

        using var unix = _host.Unix();
        var (dockerStatus, dockerText) = await PostAsync(unix, "/v1.44/containers/create?name=by-root", new { Image = "busybox", HostConfig = new { NetworkMode = "host", IpcMode = "host" } }, null);
        Assert.True(dockerStatus == HttpStatusCode.Created, dockerText);
        Assert.Equal(2, (await ListAsync()).Count);
    }

    [Fact]
    public async Task Joining_a_container_that_is_in_a_host_namespace_is_admin_only_too_but_joining_others_is_not()
    {
        using var unix = _host.Unix();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(unix, "/api/containers", new { image = "busybox", name = "on-host", network = "host" }, null)).Status);
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(unix, "/api/containers", new { image = "busybox", name = "private" }, null)).Status);

        using var tcp = _host.Tcp();
        var (refused, text) = await PostAsync(tcp, "/api/containers", new { image = "busybox", network = "container:on-host" }, _operator);
        Assert.Equal(HttpStatusCode.Forbidden, refused);
        Assert.Contains("only admins may join on-host: it is in the host's network namespace", text);

        // Through a chain: "middle" joined on-host, so joining middle reaches the host's network as well.
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(unix, "/api/containers", new { image = "busybox", name = "middle", network = "container:on-host" }, null)).Status);
        var (chained, chainedText) = await PostAsync(tcp, "/api/containers", new { image = "busybox", network = "container:middle" }, _operator);
        Assert.Equal(HttpStatusCode.Forbidden, chained);
        Assert.Contains("only admins may join on-host: it is in the host's network namespace", chainedText);

        var (allowed, created) = await PostAsync(tcp, "/api/containers", new { image = "busybox", name = "sidecar", network = "container:private", pid = "container:private" }, _operator);
        Assert.True(allowed == HttpStatusCode.Created, created);
        Assert.StartsWith("container:", JsonDocument.Parse(created).RootElement.GetProperty("config").GetProperty("networkMode").GetString());
    }

    [Fact]
    public async Task A_chain_of_twelve_joins_that_ends_on_the_host_is_refused_at_both_apis()
    {
        // The check used to stop after 8 hops, so 9 joins reached the host's network for an operator.
        using var unix = _host.Unix();
        Assert.Equal(HttpStatusCode.Created, (await PostAsync(unix, "/api/containers", new { image = "busybox", name = "hop00", network = "host" }, null)).Status);
        for (var i = 1; i <= 12; i++)
            Assert.Equal(HttpStatusCode.Created, (await PostAsync(unix, "/api/containers", new { image = "busybox", name = $"hop{i:00}", network = $"container:hop{i - 1:00}" }, null)).Status);
        var before = (await ListAsync()).Count;

        using var tcp = _host.Tcp();
        var (native, nativeText) = await PostAsync(tcp, "/api/containers", new { image = "busybox", network = "container:hop12" }, _operator);
        Assert.True(native == HttpStatusCode.Forbidden, nativeText);
        Assert.Contains("only admins may join hop00: it is in the host's network namespace", nativeText);
        var (docker, dockerText) = await PostAsync(tcp, "/v1.44/containers/create",
            new { Image = "busybox", HostConfig = new { NetworkMode = "container:hop12" } }, _operator);
        Assert.True(docker == HttpStatusCode.Forbidden, dockerText);
        Assert.Contains("only admins may join hop00", JsonDocument.Parse(dockerText).RootElement.GetProperty("message").GetString());
        Assert.Equal(before, (await ListAsync()).Count);

        var (admin, adminText) = await PostAsync(tcp, "/api/containers", new { image = "busybox", network = "container:hop12" }, _admin);
        Assert.True(admin == HttpStatusCode.Created, adminText);
    }

    private async Task<List<JsonElement>> ListAsync()
    {
        using var unix = _host.Unix();
        return JsonDocument.Parse(await unix.GetStringAsync("/api/containers?all=true")).RootElement.EnumerateArray().ToList();
    }
}
