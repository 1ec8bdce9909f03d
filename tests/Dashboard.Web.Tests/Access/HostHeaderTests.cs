using System.Net;
using System.Net.Http.Headers;

namespace Dashboard.Web.Tests.Access;

/// <summary>DNS rebinding: a name that now points at 127.0.0.1 must not reach the daemon over TCP; the socket is exempt.</summary>
public sealed class HostHeaderTests
{
    private static async Task<HttpResponseMessage> GetAsync(AccessHost host, string hostHeader, string path = "/login")
    {
        using var client = host.Tcp();
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = hostHeader;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        return await client.SendAsync(request);
    }

    [Fact]
    public async Task A_foreign_host_name_is_refused_before_anything_else()
    {
        await using var host = await AccessHost.StartAsync();
        var port = host.BaseAddress.Port;
        foreach (var path in new[] { "/login", "/healthz", "/containers", "/_ping", "/api/containers" })
        {
            var response = await GetAsync(host, $"rebind.evil.example:{port}", path);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("Access:AllowedHosts", await response.Content.ReadAsStringAsync());
        }
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, $"127.0.0.1:{port}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, $"localhost:{port}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, $"LOCALHOST.:{port}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, $"[::1]:{port}")).StatusCode);
    }

    [Fact]
    public async Task Configured_names_are_allowed_and_a_star_turns_the_check_off()
    {
        await using (var host = await AccessHost.StartAsync(o => o.AllowedHosts = ["dashboard.example.com"]))
        {
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(host, "dashboard.example.com")).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await GetAsync(host, "other.example.com")).StatusCode);
        }
        await using (var open = await AccessHost.StartAsync(o => o.AllowedHosts = ["*"]))
            Assert.Equal(HttpStatusCode.OK, (await GetAsync(open, "anything.example")).StatusCode);
    }

    [Fact]
    public async Task The_unix_socket_takes_any_host_header()
    {
        await using var host = await AccessHost.StartAsync();
        using var unix = host.Unix();
        var request = new HttpRequestMessage(HttpMethod.Get, "/_ping");
        request.Headers.Host = "api.moby.localhost"; // what the docker CLI sends
        Assert.Equal(HttpStatusCode.OK, (await unix.SendAsync(request)).StatusCode);
    }
}
