using System.Net;
using Dashboard.Web.Access;
using Dashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.Access;

/// <summary>
/// The unix socket is an authentication scheme of its own, decided by the listener a connection came in on (Kestrel
/// tags it), not guessed from the connection having no IP addresses: a request without addresses that no listener
/// tagged (a proxy or an in-process server makes those) is an anonymous TCP request, and the socket's caller is the
/// admin named "unix-socket". The daemon's pipeline is driven directly here, with hand-made connections.
/// </summary>
public sealed class UnixSocketSchemeTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dash-scheme-").FullName;
    private WebApplication _app = null!;
    private RequestDelegate _pipeline = null!;

    public Task InitializeAsync()
    {
        _app = TestApp.Build(_dir, new FakeEngineParts());
        // The middleware as composed, then the endpoints (a started host adds that step itself).
        _app.UseEndpoints(_ => { });
        _pipeline = ((IApplicationBuilder)_app).Build();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task A_request_without_addresses_is_not_taken_for_the_socket()
    {
        var context = await SendAsync("/api/namespaces", listener: null);
        Assert.Null(context.Connection.RemoteIpAddress);
        Assert.Null(context.Connection.LocalIpAddress);
        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
        Assert.NotEqual(true, context.User.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task A_connection_tagged_tcp_needs_a_login()
    {
        var context = await SendAsync("/api/containers", Listener.Tcp);
        Assert.Equal(StatusCodes.Status401Unauthorized, context.Response.StatusCode);
    }

    [Fact]
    public async Task A_connection_from_the_socket_listener_is_the_admin_named_unix_socket()
    {
        var context = await SendAsync("/api/namespaces", Listener.UnixSocket); // an admin-only route
        Assert.Equal(StatusCodes.Status200OK, context.Response.StatusCode);
        Assert.Equal(AccessClaims.SocketScheme, context.User.Identity?.AuthenticationType);
        Assert.Equal("unix-socket", context.User.Identity?.Name);
        Assert.True(context.User.IsInRole(Roles.Admin));
    }

    [Fact]
    public async Task A_route_for_the_socket_only_refuses_a_tcp_admin()
    {
        await using var host = await AccessHost.StartAsync();
        await host.CreateAdminAsync();
        var token = await host.WithAccessAsync(a => a.CreateTokenAsync(AccessHost.System, "root", Roles.Admin, CancellationToken.None));
        using var tcp = host.Tcp();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/setup-link");
        request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        using var refused = await tcp.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("unix socket", await refused.Content.ReadAsStringAsync());
    }

    private async Task<HttpContext> SendAsync(string path, Listener? listener)
    {
        var context = new DefaultHttpContext { RequestServices = _app.Services.CreateScope().ServiceProvider };
        context.Request.Method = "GET";
        context.Request.Scheme = "http";
        context.Request.Host = new HostString("127.0.0.1");
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        if (listener is { } tag) context.Features.Set<IListenerFeature>(new Tag(tag));
        await _pipeline(context);
        return context;
    }

    private sealed record Tag(Listener Listener) : IListenerFeature;
}
