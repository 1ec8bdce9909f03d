using Dashboard.Web.Access;

namespace Dashboard.Web.Tests.Access;

/// <summary>
/// What the audit log calls each API action ("container.start" on "web"), for both the Docker-compatible API (with or
/// without /vX.Y) and the native /api: the request goes through the app's own router, and the endpoint it reaches says
/// (<see cref="Audited"/>). Reads, waits, streams and transports are not actions. (These were the cases of the
/// URL classifier the declarations replaced.)
/// </summary>
public sealed class ApiAuditActionTests : IAsyncLifetime
{
    private AccessHost _host = null!;

    public async Task InitializeAsync() => _host = await AccessHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("POST", "/v1.44/containers/create", "container.create", null)]
    [InlineData("POST", "/v1.44/containers/create?name=web", "container.create", "web")]
    [InlineData("POST", "/containers/create", "container.create", null)]
    [InlineData("POST", "/api/containers", "container.create", null)]
    [InlineData("POST", "/v1.44/containers/web/start", "container.start", "web")]
    [InlineData("POST", "/api/containers/web/stop", "container.stop", "web")]
    [InlineData("POST", "/v1.24/containers/abc/kill", "container.kill", "abc")]
    [InlineData("DELETE", "/v1.44/containers/web", "container.remove", "web")]
    [InlineData("DELETE", "/api/containers/web", "container.remove", "web")]
    [InlineData("POST", "/v1.44/containers/web/update", "container.update", "web")]
    [InlineData("POST", "/api/containers/web/limits", "container.update", "web")]
    [InlineData("POST", "/v1.44/images/load", "image.load", null)]
    [InlineData("POST", "/v1.44/images/create", "image.import", null)]
    [InlineData("POST", "/v1.44/images/create?fromSrc=-&repo=mine", "image.import", "mine")]
    [InlineData("POST", "/api/images/import", "image.import", null)]
    [InlineData("POST", "/api/images/import?reference=mine:1", "image.import", "mine:1")]
    [InlineData("DELETE", "/v1.44/images/busybox:latest", "image.remove", "busybox:latest")]
    [InlineData("DELETE", "/api/images/registry:5000/x/y:1", "image.remove", "registry:5000/x/y:1")]
    [InlineData("POST", "/api/setup-link", "setup-link.create", null)]
    [InlineData("PUT", "/v1.44/containers/web/archive?path=/tmp", "container.copy-in", "web")]
    [InlineData("PUT", "/containers/web/archive?path=/tmp", "container.copy-in", "web")]
    [InlineData("PUT", "/api/containers/web/archive?path=/tmp", "container.copy-in", "web")]
    // The one read that is audited: files copied out of a container can be its secrets.
    [InlineData("GET", "/v1.44/containers/web/archive?path=/etc", "container.copy-out", "web")]
    [InlineData("GET", "/api/containers/web/archive?path=/etc", "container.copy-out", "web")]
    public async Task State_changing_calls_are_named(string method, string path, string action, string? target)
    {
        var (endpoint, values) = await _host.Routes.ResolveAsync(method, path);
        Assert.NotNull(endpoint);
        var audited = endpoint.Metadata.GetMetadata<Audited>();
        Assert.NotNull(audited);
        Assert.Equal(action, audited.Action);
        Assert.Equal(target, audited.Target.Read(Request(path, values)));
    }

    [Theory]
    [InlineData("GET", "/v1.44/containers/json")]
    [InlineData("HEAD", "/_ping")]
    [InlineData("HEAD", "/v1.44/containers/web/archive?path=/etc")]
    [InlineData("GET", "/api/containers/web/logs")]
    [InlineData("POST", "/v1.44/containers/web/wait")]
    [InlineData("POST", "/v1.44/containers/web/attach")]
    [InlineData("POST", "/hubs/engine/negotiate")]
    [InlineData("POST", "/access/login")]
    public async Task Reads_waits_and_streams_are_not_actions(string method, string path)
    {
        var (endpoint, _) = await _host.Routes.ResolveAsync(method, path);
        Assert.NotNull(endpoint);
        Assert.Null(endpoint.Metadata.GetMetadata<Audited>());
    }

    private static Microsoft.AspNetCore.Http.HttpContext Request(string pathAndQuery, Microsoft.AspNetCore.Routing.RouteValueDictionary values)
    {
        var context = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        var query = pathAndQuery.IndexOf('?');
        if (query >= 0) context.Request.QueryString = new Microsoft.AspNetCore.Http.QueryString(pathAndQuery[query..]);
        context.Request.RouteValues = values;
        return context;
    }
}
