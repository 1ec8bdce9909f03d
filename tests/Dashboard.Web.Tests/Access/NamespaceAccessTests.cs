using Dashboard.Contracts.Namespaces;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Containers;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;
using Dashboard.Web.Access;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Access;

/// <summary>The namespace inspector reveals host pids, mounts and sockets: over TCP only admins may read it.</summary>
public sealed class NamespaceAccessTests : IAsyncLifetime
{
    private AccessHost _host = null!;

    public async Task InitializeAsync() => _host = await AccessHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<string> RunningContainerAsync()
    {
        var engine = _host.Services.GetRequiredService<IContainerEngine>();
        var created = await engine.CreateAsync(new CreateContainerRequest { Name = "web", Image = "busybox", Cmd = ["sleep", "3600"] }, CancellationToken.None);
        await engine.StartAsync(created.Id, CancellationToken.None);
        return created.Id;
    }

    private async Task<string> TokenAsync(string role) =>
        await _host.WithAccessAsync(a => a.CreateTokenAsync(AccessHost.System, "t-" + role, role, CancellationToken.None));

    [Theory]
    [InlineData("/api/containers/web/namespaces")]
    [InlineData("/api/namespaces")]
    [InlineData("/API/Containers/web/NAMESPACES")] // routing ignores case, so the gate must too
    [InlineData("/api/containers/web/namespaces/")]
    public async Task Viewers_and_operators_get_403_over_tcp_and_admins_get_the_report(string path)
    {
        await _host.CreateAdminAsync();
        await RunningContainerAsync();
        using var client = _host.Tcp();

        foreach (var role in new[] { Roles.Viewer, Roles.Operator })
        {
            using var denied = await GetAsync(client, path, await TokenAsync(role));
            Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);
            using var body = JsonDocument.Parse(await denied.Content.ReadAsStringAsync());
            Assert.Contains("'admin' role", body.RootElement.GetProperty("message").GetString());
        }
        using var allowed = await GetAsync(client, path, await TokenAsync(Roles.Admin));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        using var doc = JsonDocument.Parse(await allowed.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Object, doc.RootElement.GetProperty("namespaces").ValueKind);
    }

    [Fact]
    public async Task Without_a_session_it_is_401_and_the_unix_socket_stays_trusted()
    {
        await RunningContainerAsync();
        using var tcp = _host.Tcp();
        Assert.Equal(HttpStatusCode.Unauthorized, (await tcp.GetAsync("/api/containers/web/namespaces")).StatusCode);

        using var unix = _host.Unix();
        Assert.Equal(HttpStatusCode.OK, (await unix.GetAsync("/api/containers/web/namespaces")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await unix.GetAsync("/api/namespaces")).StatusCode);
    }

    [Fact]
    public async Task Other_container_reads_stay_open_to_viewers()
    {
        await _host.CreateAdminAsync();
        await RunningContainerAsync();
        using var client = _host.Tcp();

        using var response = await GetAsync(client, "/api/containers/web", await TokenAsync(Roles.Viewer));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("web", JsonSerializer.Deserialize<ContainerDetailDto>(await response.Content.ReadAsStringAsync(), ContractJson.Options)!.Name);

        // The PID table alone is what docker top shows to anyone who may read the container.
        using var processes = await GetAsync(client, "/api/containers/web/processes", await TokenAsync(Roles.Viewer));
        Assert.Equal(HttpStatusCode.OK, processes.StatusCode);
        var table = JsonSerializer.Deserialize<NamespaceProcessDto[]>(await processes.Content.ReadAsStringAsync(), ContractJson.Options)!;
        Assert.True(table[0].Pid1);
        Assert.Equal(2, table.Length);
    }

    /// <summary>Who may read a path is what the endpoint it reaches declares, so the rule follows the routes: the two
    /// inspector routes need an admin; a path below them reaches no route but the API's 404 (nothing to read, for
    /// anyone); a container named "namespaces", stats and the PID table are ordinary reads.</summary>
    [Theory]
    [InlineData("/api/namespaces", true)]
    [InlineData("/api/namespaces/x", true)]
    [InlineData("/api/containers/x/namespaces", true)]
    [InlineData("/api/containers/x/namespaces/more", true)]
    [InlineData("/api/containers/namespaces", false)] // a container named "namespaces"
    [InlineData("/api/containers/x/stats", false)]
    [InlineData("/api/containers/x/processes", false)]
    [InlineData("/v1.44/containers/x/json", false)]
    public async Task The_admin_only_rule_is_by_route(string path, bool adminOnly)
    {
        var (endpoint, _) = await _host.Routes.ResolveAsync("GET", path);
        Assert.NotNull(endpoint);
        var notFound = (endpoint as Microsoft.AspNetCore.Routing.RouteEndpoint)?.RoutePattern.RawText == "/api/{**path}";
        var declared = AppRoutes.DeclaredMinimum(endpoint, new Microsoft.AspNetCore.Http.DefaultHttpContext { Request = { Method = "GET" } });
        Assert.Equal(adminOnly, declared == Roles.Admin || notFound);
        if (!adminOnly) Assert.Equal(Roles.Viewer, declared);
    }

    private static async Task<HttpResponseMessage> GetAsync(HttpClient client, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await client.SendAsync(request);
    }
}
