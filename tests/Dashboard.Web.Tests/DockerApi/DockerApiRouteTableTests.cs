using System.Net;
using System.Text.Json;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>Every endpoint of the Docker Engine API 1.44 (the swagger's paths, one request each) answers something a
/// user can act on: its real answer, a 4xx about the request ("No such container: nosuch"), or a 501 naming the
/// feature. Never moby's bare 404 "page not found", which reads like a typo in the client.
/// One server for the whole table: every request names objects that do not exist, so none changes its state.</summary>
public sealed class DockerApiRouteTableTests(DockerApiRouteTableTests.SharedServer shared)
    : IClassFixture<DockerApiRouteTableTests.SharedServer>, IDisposable
{
    private readonly HttpClient _http = shared.Server.CreateHttpClient();

    public sealed class SharedServer : IAsyncLifetime
    {
        public DockerApiServer Server { get; } = new();
        public Task InitializeAsync() => Server.InitializeAsync();
        public Task DisposeAsync() => Server.DisposeAsync();
    }

    public void Dispose() => _http.Dispose();

    /// <summary>The paths of API 1.44's swagger with placeholders filled in; the ids name nothing that exists.</summary>
    public static TheoryData<string, string> Endpoints() => new()
    {
        { "GET", "/containers/json" }, { "POST", "/containers/create" }, { "GET", "/containers/nosuch/json" },
        { "GET", "/containers/nosuch/top" }, { "GET", "/containers/nosuch/logs?stdout=1" }, { "GET", "/containers/nosuch/changes" },
        { "GET", "/containers/nosuch/export" }, { "GET", "/containers/nosuch/stats?stream=0" }, { "POST", "/containers/nosuch/resize?h=1&w=1" },
        { "POST", "/containers/nosuch/start" }, { "POST", "/containers/nosuch/stop" }, { "POST", "/containers/nosuch/restart" },
        { "POST", "/containers/nosuch/kill" }, { "POST", "/containers/nosuch/update" }, { "POST", "/containers/nosuch/rename?name=x" },
        { "POST", "/containers/nosuch/pause" }, { "POST", "/containers/nosuch/unpause" }, { "POST", "/containers/nosuch/attach?stream=1" },
        { "GET", "/containers/nosuch/attach/ws" }, { "POST", "/containers/nosuch/wait" }, { "DELETE", "/containers/nosuch" },
        { "HEAD", "/containers/nosuch/archive?path=/" }, { "GET", "/containers/nosuch/archive?path=/" }, { "PUT", "/containers/nosuch/archive?path=/" },
        { "POST", "/containers/prune" },
        { "GET", "/images/json" }, { "POST", "/build" }, { "POST", "/build/prune" }, { "POST", "/images/create?fromImage=" },
        { "GET", "/images/nosuch/json" }, { "GET", "/images/nosuch/history" }, { "POST", "/images/nosuch/push" },
        { "POST", "/images/nosuch/tag?repo=x" }, { "DELETE", "/images/nosuch" }, { "GET", "/images/search?term=x" },
        { "POST", "/images/prune" }, { "POST", "/commit?container=nosuch" }, { "GET", "/images/nosuch/get" },
        { "GET", "/images/get?names=nosuch" }, { "POST", "/images/load" },
        { "GET", "/networks" }, { "GET", "/networks/nosuch" }, { "DELETE", "/networks/nosuch" }, { "POST", "/networks/create" },
        { "POST", "/networks/nosuch/connect" }, { "POST", "/networks/nosuch/disconnect" }, { "POST", "/networks/prune" },
        { "GET", "/volumes" }, { "POST", "/volumes/create" }, { "GET", "/volumes/nosuch" }, { "PUT", "/volumes/nosuch" },
        { "DELETE", "/volumes/nosuch" }, { "POST", "/volumes/prune" },
        { "POST", "/containers/nosuch/exec" }, { "POST", "/exec/nosuch/start" }, { "POST", "/exec/nosuch/resize?h=1&w=1" },
        { "GET", "/exec/nosuch/json" },
        { "GET", "/swarm" }, { "POST", "/swarm/init" }, { "POST", "/swarm/join" }, { "POST", "/swarm/leave" },
        { "POST", "/swarm/update" }, { "GET", "/swarm/unlockkey" }, { "POST", "/swarm/unlock" },
        { "GET", "/nodes" }, { "GET", "/nodes/nosuch" }, { "DELETE", "/nodes/nosuch" }, { "POST", "/nodes/nosuch/update" },
        { "GET", "/services" }, { "POST", "/services/create" }, { "GET", "/services/nosuch" }, { "DELETE", "/services/nosuch" },
        { "POST", "/services/nosuch/update" }, { "GET", "/services/nosuch/logs" },
        { "GET", "/tasks" }, { "GET", "/tasks/nosuch" }, { "GET", "/tasks/nosuch/logs" },
        { "GET", "/secrets" }, { "POST", "/secrets/create" }, { "GET", "/secrets/nosuch" }, { "DELETE", "/secrets/nosuch" },
        { "POST", "/secrets/nosuch/update" },
        { "GET", "/configs" }, { "POST", "/configs/create" }, { "GET", "/configs/nosuch" }, { "DELETE", "/configs/nosuch" },
        { "POST", "/configs/nosuch/update" },
        { "GET", "/plugins" }, { "GET", "/plugins/privileges?remote=x" }, { "POST", "/plugins/pull?remote=x" },
        { "GET", "/plugins/nosuch/json" }, { "DELETE", "/plugins/nosuch" }, { "POST", "/plugins/nosuch/enable" },
        { "POST", "/plugins/nosuch/disable" }, { "POST", "/plugins/nosuch/upgrade?remote=x" }, { "POST", "/plugins/create?name=x" },
        { "POST", "/plugins/nosuch/push" }, { "POST", "/plugins/nosuch/set" },
        { "POST", "/auth" }, { "GET", "/info" }, { "GET", "/version" }, { "GET", "/_ping" }, { "HEAD", "/_ping" },
        { "GET", "/events?until=0" }, { "GET", "/system/df" }, { "GET", "/distribution/nosuch/json" }, { "POST", "/session" },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Every_endpoint_of_API_1_44_answers_something_other_than_page_not_found(string method, string path)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        using var request = new HttpRequestMessage(new HttpMethod(method), "/v1.44" + path);
        if (method is "POST" or "PUT") request.Content = new StringContent("", null, "application/json");
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if (response.StatusCode != HttpStatusCode.NotFound) return;
        // A 404 is right only when it names the missing object, as moby's "No such container: nosuch" does. A HEAD
        // carries no body: the same path's GET says what the 404 was about.
        using var withBody = method == "HEAD"
            ? await _http.GetAsync("/v1.44" + path, HttpCompletionOption.ResponseHeadersRead, timeout.Token)
            : null;
        var body = await (withBody ?? response).Content.ReadAsStringAsync(timeout.Token);
        var message = JsonDocument.Parse(body).RootElement.GetProperty("message").GetString();
        Assert.NotEqual("page not found", message);
        Assert.Contains("nosuch", message);
    }
}
