using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dashboard.Web.Tests.Access;

/// <summary>--privileged is admin-only over TCP at both API edges, like the host namespace modes; the unix socket stays
/// trusted.</summary>
public sealed class PrivilegedAccessTests : IAsyncLifetime
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

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient client, string path, object body, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await client.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_operator_over_tcp_gets_403_naming_the_role_at_the_docker_api()
    {
        using var tcp = _host.Tcp();
        var (status, text) = await PostAsync(tcp, "/v1.44/containers/create", new { Image = "busybox", HostConfig = new { Privileged = true } }, _operator);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        var message = JsonDocument.Parse(text).RootElement.GetProperty("message").GetString()!;
        Assert.Contains("Privileged containers are for admins only", message);
        Assert.Contains("only admins may create a privileged container (--privileged)", message);
        Assert.Contains("'operator' role", message);
        Assert.Empty(_host.Engine.List());
    }

    [Fact]
    public async Task An_operator_over_tcp_gets_403_at_the_native_api_and_both_reasons_when_a_host_namespace_is_asked_too()
    {
        using var tcp = _host.Tcp();
        var (status, text) = await PostAsync(tcp, "/api/containers", new { image = "busybox", privileged = true, pid = "host" }, _operator);
        Assert.Equal(HttpStatusCode.Forbidden, status);
        var detail = JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString()!;
        Assert.Contains("Privileged containers and host namespaces are for admins only", detail);
        Assert.Contains("--privileged", detail);
        Assert.Contains("--pid host", detail);
        Assert.Empty(_host.Engine.List());
    }

    [Fact]
    public async Task Admins_over_tcp_and_the_unix_socket_may_create_privileged_containers()
    {
        using var tcp = _host.Tcp();
        var (status, text) = await PostAsync(tcp, "/api/containers", new { image = "busybox", name = "by-admin", privileged = true }, _admin);
        Assert.True(status == HttpStatusCode.Created, text);
        Assert.True(JsonDocument.Parse(text).RootElement.GetProperty("config").GetProperty("privileged").GetBoolean());

        using var unix = _host.Unix();
        var (dockerStatus, dockerText) = await PostAsync(unix, "/v1.44/containers/create?name=by-root", new { Image = "busybox", HostConfig = new { Privileged = true } }, null);
        Assert.True(dockerStatus == HttpStatusCode.Created, dockerText);
        Assert.Equal(2, _host.Engine.List().Count);
    }

    [Fact]
    public async Task Operators_keep_the_other_security_options()
    {
        using var tcp = _host.Tcp();
        var (status, text) = await PostAsync(tcp, "/api/containers",
            new { image = "busybox", capDrop = new[] { "ALL" }, readOnly = true, securityOpt = new[] { "no-new-privileges" } }, _operator);
        Assert.True(status == HttpStatusCode.Created, text);
    }
}
