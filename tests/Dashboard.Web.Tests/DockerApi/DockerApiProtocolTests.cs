using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>Wire details that clients depend on: headers, versions, error bodies, early flushing, stream framing.</summary>
public sealed class DockerApiProtocolTests : IAsyncLifetime
{
    private readonly DockerApiServer _server = new();
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _http = _server.CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Exec_create_answers_with_its_length_so_the_client_has_it_before_the_audit_record_is_stored()
    {
        var created = await _server.Engine.CreateAsync(new Engine.Spec.CreateContainerRequest { Name = "web", Image = "busybox", Cmd = ["sleep", "3600"] }, CancellationToken.None);
        await _server.Engine.StartAsync(created.Id, CancellationToken.None);

        // Raw, to see the framing: a chunked answer ends only with the request's pipeline, after the audit's commit.
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.Unix, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Unspecified);
        await socket.ConnectAsync(new System.Net.Sockets.UnixDomainSocketEndPoint(_server.SocketPath));
        const string body = """{"Cmd":["true"],"AttachStdout":true}""";
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            $"POST /v1.44/containers/web/exec HTTP/1.1\r\nHost: docker\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body}"));
        var head = new StringBuilder();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (!head.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var read = await socket.ReceiveAsync(buffer, System.Net.Sockets.SocketFlags.None, timeout.Token);
            Assert.True(read > 0, "the connection closed before the headers ended");
            head.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        var headers = head.ToString()[..head.ToString().IndexOf("\r\n\r\n", StringComparison.Ordinal)];
        Assert.StartsWith("HTTP/1.1 201", headers, StringComparison.Ordinal);
        var lines = headers.Split("\r\n");
        Assert.Contains(lines, l => l.StartsWith("Content-Length: ", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(lines, l => l.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Head_ping_carries_the_version_headers_and_no_body()
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/_ping"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("1.44", Header(response, "Api-Version"));
        Assert.Equal("linux", Header(response, "Ostype"));
        Assert.Equal("false", Header(response, "Docker-Experimental"));
        Assert.Matches(@"^Docker/\S+ \(linux\)$", Header(response, "Server"));
        Assert.Equal(0, response.Content.Headers.ContentLength);

        Assert.Equal("OK", await _http.GetStringAsync("/v1.44/_ping"));
    }

    [Theory]
    [InlineData("/v1.99/version", "client version 1.99 is too new. Maximum supported API version is 1.44")]
    [InlineData("/v1.12/version", "client version 1.12 is too old. Minimum supported API version is 1.24, please upgrade your client to a newer version")]
    [InlineData("/v1.44/containers/nosuch/json", "No such container: nosuch")]
    [InlineData("/v1.44/no/such/route", "page not found")]
    public async Task Errors_are_json_messages_with_an_exact_content_type(string path, string message)
    {
        using var response = await _http.GetAsync(path);
        Assert.True((int)response.StatusCode is 400 or 404, response.StatusCode.ToString());
        Assert.Equal("application/json", response.Content.Headers.GetValues("Content-Type").Single());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(message, body.RootElement.GetProperty("message").GetString());
        Assert.Equal("1.44", Header(response, "Api-Version"));
    }

    [Theory]
    [InlineData("PUT", "/v1.44/volumes/data", "docker volume update")]
    [InlineData("POST", "/v1.44/build?t=x", "docker build")]
    [InlineData("POST", "/v1.44/commit?container=x", "docker commit")]
    [InlineData("POST", "/v1.44/containers/web/rename?name=x", "docker rename")]
    [InlineData("GET", "/v1.44/images/busybox/history", "docker history")]
    [InlineData("GET", "/v1.44/images/docker.io/library/busybox:1.36/history", "docker history")]
    [InlineData("POST", "/v1.44/images/localhost:5000/x/push", "docker push")]
    [InlineData("GET", "/v1.44/images/search?term=x", "docker search")]
    [InlineData("GET", "/v1.44/images/get?names=busybox", "docker save")]
    [InlineData("POST", "/v1.44/images/prune", "docker image prune")]
    [InlineData("GET", "/v1.44/system/df", "docker system df")]
    [InlineData("POST", "/v1.44/swarm/init", "swarm mode")]
    [InlineData("GET", "/v1.44/services", "docker service")]
    [InlineData("GET", "/v1.44/plugins", "docker plugin")]
    public async Task Docker_routes_not_served_here_answer_501_naming_the_feature(string method, string path, string feature)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.NotImplemented, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.GetValues("Content-Type").Single());
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var message = body.RootElement.GetProperty("message").GetString()!;
        Assert.StartsWith("not implemented: ", message);
        Assert.Contains(feature, message);
        Assert.Contains(path.Split('?')[0], message);
    }

    [Theory]
    [InlineData("POST", "/v1.44/images/busybox/frobnicate")]
    [InlineData("GET", "/v1.44/images/busybox")]
    [InlineData("GET", "/v1.44/nosuchthing/at/all")]
    public async Task Paths_docker_does_not_have_keep_mobys_404(string method, string path)
    {
        using var response = await _http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("page not found", body.RootElement.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Served_image_routes_are_not_shadowed_by_the_501s()
    {
        // Inspect is the GET catch-all's real answer, load and create the POST literals: none becomes a 501.
        using var inspect = await _http.GetAsync("/v1.44/images/nosuch/json");
        Assert.Equal(HttpStatusCode.NotFound, inspect.StatusCode);
        Assert.Contains("No such image", await inspect.Content.ReadAsStringAsync());
        using var load = await _http.PostAsync("/v1.44/images/load", new ByteArrayContent([1, 2, 3]));
        Assert.Equal(HttpStatusCode.BadRequest, load.StatusCode);
    }

    [Fact]
    public async Task Versioned_and_bare_paths_serve_the_same_api()
    {
        foreach (var path in new[] { "/version", "/v1.24/version", "/v1.44/version" })
        {
            using var doc = JsonDocument.Parse(await _http.GetStringAsync(path));
            Assert.Equal("1.44", doc.RootElement.GetProperty("ApiVersion").GetString());
            Assert.Equal("1.24", doc.RootElement.GetProperty("MinAPIVersion").GetString());
        }
    }

    [Fact]
    public async Task Create_accepts_any_casing_and_a_charset()
    {
        var content = new StringContent("""{"image":"busybox","cmd":["sleep","1000"],"hostConfig":{"memory":10485760}}""", Encoding.UTF8, "application/json");
        using var response = await _http.PostAsync("/v1.44/containers/create?name=cased", content);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var request = Assert.Single(_server.Engine.CreateRequests);
        Assert.Equal("10485760", request.Memory);
        Assert.Equal(["sleep", "1000"], request.Cmd);
    }

    [Fact]
    public async Task Wait_flushes_headers_before_the_container_exits()
    {
        var id = await RunAsync("sleep", "1000");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1.44/containers/{id}/wait?condition=next-exit");
        var sent = _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var winner = await Task.WhenAny(sent, Task.Delay(TimeSpan.FromSeconds(5)));
        Assert.True(winner == sent, "wait did not send its headers while the container was running");
        using var response = await sent;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("running", _server.Engine.Get(id).State.Status.ToString().ToLowerInvariant());

        await _server.Engine.KillAsync(id, "KILL", CancellationToken.None);
        Assert.Equal("""{"StatusCode":137,"Error":null}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wait_on_an_unknown_container_or_condition_fails_before_streaming()
    {
        using var missing = await _http.PostAsync("/v1.44/containers/nosuch/wait", null);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var id = await RunAsync("sleep", "1000");
        using var bad = await _http.PostAsync($"/v1.44/containers/{id}/wait?condition=whenever", null);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task Logs_follow_flushes_headers_at_once_and_frames_each_line()
    {
        var id = await RunAsync("sh", "-c", "sleep 0.5; echo late");
        using var response = await _http.SendAsync(
            new HttpRequestMessage(HttpMethod.Get, $"/v1.44/containers/{id}/logs?follow=1&stdout=1&stderr=1"),
            HttpCompletionOption.ResponseHeadersRead).WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("application/vnd.docker.multiplexed-stream", response.Content.Headers.ContentType!.MediaType);
        Assert.True(response.Headers.TransferEncodingChunked);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 1, 0, 0, 0, 0, 0, 0, 5 }, bytes[..8]);
        Assert.Equal("late\n", Encoding.UTF8.GetString(bytes[8..]));
    }

    [Fact]
    public async Task Old_api_versions_get_the_raw_stream_content_type()
    {
        var id = await RunAsync("echo", "x");
        using var response = await _http.GetAsync($"/v1.41/containers/{id}/logs?stdout=1");
        Assert.Equal("application/vnd.docker.raw-stream", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Logs_need_a_stream()
    {
        var id = await RunAsync("echo", "x");
        using var response = await _http.GetAsync($"/v1.44/containers/{id}/logs");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Start_running_and_stop_stopped_are_304()
    {
        var id = await RunAsync("sleep", "1000");
        using var start = await _http.PostAsync($"/v1.44/containers/{id}/start", null);
        Assert.Equal(HttpStatusCode.NotModified, start.StatusCode);
        using var stop = await _http.PostAsync($"/v1.44/containers/{id}/stop?t=1", null);
        Assert.Equal(HttpStatusCode.NoContent, stop.StatusCode);
        using var again = await _http.PostAsync($"/v1.44/containers/{id}/stop", null);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task Pull_asks_the_registry_and_a_missing_manifest_is_a_plain_404()
    {
        using var response = await _http.PostAsync("/v1.44/images/create?fromImage=docker.io%2Flibrary%2Falpine&tag=3.19", null);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("manifest for alpine:3.19 not found", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pull_of_all_tags_is_refused_by_name()
    {
        using var response = await _http.PostAsync("/v1.44/images/create?fromImage=alpine", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("docker pull -a", await response.Content.ReadAsStringAsync());
    }

    private async Task<string> RunAsync(params string[] cmd)
    {
        var body = JsonSerializer.Serialize(new { Image = "busybox", Cmd = cmd });
        using var created = await _http.PostAsync("/v1.44/containers/create", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        using var doc = JsonDocument.Parse(await created.Content.ReadAsStringAsync());
        var id = doc.RootElement.GetProperty("Id").GetString()!;
        using var started = await _http.PostAsync($"/v1.44/containers/{id}/start", null);
        Assert.Equal(HttpStatusCode.NoContent, started.StatusCode);
        return id;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        // HttpClient splits "Server: Docker/x (linux)" into product tokens; join them back.
        response.Headers.TryGetValues(name, out var values) ? string.Join(' ', values)
        : response.Content.Headers.TryGetValues(name, out var content) ? string.Join(' ', content) : "<missing>";
}
