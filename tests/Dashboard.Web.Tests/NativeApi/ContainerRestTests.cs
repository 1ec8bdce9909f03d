using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Containers;
using Dashboard.Engine;
using Dashboard.Engine.Containers;

namespace Dashboard.Web.Tests.NativeApi;

/// <summary>The /api/containers contract: status codes, camelCase bodies, problem details.</summary>
public sealed class ContainerRestTests : IAsyncLifetime
{
    private NativeApiHost _host = null!;

    public async Task InitializeAsync() => _host = await NativeApiHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private Task<HttpResponseMessage> CreateAsync(object body, bool start = false) =>
        _host.Http.PostAsync($"api/containers?start={start}", new StringContent(JsonSerializer.Serialize(body, ContractJson.Options), Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Create_returns_201_with_camelCase_detail_and_parsed_limits()
    {
        using var response = await CreateAsync(new CreateContainerDto
        {
            Name = "web", Image = "busybox", Cmd = ["sleep", "inf"], Memory = "200m", Cpus = "0.25",
            Labels = new Dictionary<string, string> { ["tier"] = "front" }, Restart = "on-failure:3", Binds = ["/tmp:/data:ro"],
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"memoryBytes\":209715200", json);
        Assert.Contains("\"restartPolicy\":{\"name\":\"on-failure\",\"maximumRetryCount\":3}", json);
        var detail = JsonSerializer.Deserialize<ContainerDetailDto>(json, ContractJson.Options)!;
        Assert.Equal("web", detail.Name);
        Assert.Equal("created", detail.State.Status);
        Assert.Equal(0.25m, detail.Config.Limits.Cpus);
        Assert.Equal(["/tmp:/data:ro"], detail.Config.Binds);
        Assert.Equal("sleep inf", detail.Command);
        Assert.Equal("200m", _host.Engine.CreateRequests.Single().Memory);
    }

    [Fact]
    public async Task Namespace_modes_go_in_as_typed_and_come_back_with_the_targets_full_id()
    {
        using var target = await CreateAsync(new CreateContainerDto { Name = "web", Image = "busybox", Cmd = ["sleep", "inf"] });
        var webId = (await target.Content.ReadFromJsonAsync<ContainerDetailDto>(ContractJson.Options))!.Id;
        using var response = await CreateAsync(new CreateContainerDto
        {
            Name = "side", Image = "busybox", Cmd = ["sleep", "inf"], Network = "container:web", Pid = "container:web", Ipc = "container:web", Uts = "host",
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var request = _host.Engine.CreateRequests.Last();
        Assert.Equal(("container:web", "container:web", "container:web", "host"), (request.NetworkMode, request.PidMode, request.IpcMode, request.UtsMode));
        var config = (await response.Content.ReadFromJsonAsync<ContainerDetailDto>(ContractJson.Options))!.Config;
        Assert.Equal("container:" + webId, config.NetworkMode);
        Assert.Equal("container:" + webId, config.PidMode);
        Assert.Equal("container:" + webId, config.IpcMode);
        Assert.Equal("host", config.UtsMode);

        using var plain = await CreateAsync(new CreateContainerDto { Image = "busybox", Cmd = ["true"] });
        var defaults = (await plain.Content.ReadFromJsonAsync<ContainerDetailDto>(ContractJson.Options))!.Config;
        // No network asked for: the default network "bridge", as in Docker.
        Assert.Equal(("bridge", "private", "private", "private"), (defaults.NetworkMode, defaults.PidMode, defaults.IpcMode, defaults.UtsMode));
    }

    [Fact]
    public async Task Create_with_start_runs_the_container()
    {
        using var response = await CreateAsync(new CreateContainerDto { Image = "busybox", Cmd = ["sleep", "inf"] }, start: true);
        var detail = (await response.Content.ReadFromJsonAsync<ContainerDetailDto>(ContractJson.Options))!;
        Assert.Equal("running", detail.State.Status);
        Assert.True(detail.State.Running);
        Assert.NotNull(detail.State.Pid);
    }

    [Fact]
    public async Task Validation_errors_are_400_problem_with_an_errors_map_per_field()
    {
        using var response = await CreateAsync(new CreateContainerDto { Image = "busybox", Memory = "200x", Restart = "sometimes" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var errors = doc.RootElement.GetProperty("errors");
        Assert.Contains("200x", errors.GetProperty("memory")[0].GetString());
        Assert.Contains("sometimes", errors.GetProperty("restart")[0].GetString());
        Assert.Equal(400, doc.RootElement.GetProperty("status").GetInt32());
        Assert.Empty(_host.Engine.List());
    }

    [Theory]
    [InlineData("{\"image\": \"busybox\",", "not valid JSON")]
    [InlineData("", "empty or not JSON")]
    [InlineData("{\"image\": \"busybox\", \"memroy\": \"1g\"}", "memroy")]
    [InlineData("{\"image\": \"busybox\", \"pidsLimit\": \"lots\"}", "pidsLimit")]
    public async Task Malformed_bodies_are_400_with_a_clear_message_never_500(string body, string expected)
    {
        using var response = await _host.Http.PostAsync("api/containers", new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains(expected, problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Unknown_image_is_404_and_duplicate_name_is_409()
    {
        using var missing = await CreateAsync(new CreateContainerDto { Image = "nosuchimage" });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("No such image: nosuchimage", await missing.Content.ReadAsStringAsync());

        (await CreateAsync(new CreateContainerDto { Name = "twin", Image = "busybox" })).Dispose();
        using var conflict = await CreateAsync(new CreateContainerDto { Name = "twin", Image = "busybox" });
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Contains("is already in use", await conflict.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Unknown_container_is_404_problem_on_every_verb()
    {
        foreach (var (method, path) in new[] { ("GET", ""), ("POST", "/start"), ("POST", "/stop"), ("POST", "/kill"), ("POST", "/wait"), ("GET", "/logs"), ("DELETE", "") })
        {
            using var response = await _host.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), "api/containers/ghost" + path));
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{method} {path}: {response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("No such container: ghost", await response.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task Unknown_api_paths_are_404_problems()
    {
        using var response = await _host.Http.GetAsync("api/contaners");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("GET /api/contaners", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wrong_state_is_409_and_rm_of_running_needs_force()
    {
        (await CreateAsync(new CreateContainerDto { Name = "c1", Image = "busybox", Cmd = ["sleep", "inf"] }, start: true)).Dispose();
        using var pauseTwice = await _host.Http.PostAsync("api/containers/c1/pause", null);
        Assert.Equal(HttpStatusCode.NoContent, pauseTwice.StatusCode);
        using var again = await _host.Http.PostAsync("api/containers/c1/pause", null);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        (await _host.Http.PostAsync("api/containers/c1/unpause", null)).Dispose();

        using var rm = await _host.Http.DeleteAsync("api/containers/c1");
        Assert.Equal(HttpStatusCode.Conflict, rm.StatusCode);
        using var rmForce = await _host.Http.DeleteAsync("api/containers/c1?force=true");
        Assert.Equal(HttpStatusCode.NoContent, rmForce.StatusCode);
        Assert.Empty(_host.Engine.List());
    }

    [Fact]
    public async Task Bad_query_values_are_400_naming_the_parameter()
    {
        using var all = await _host.Http.GetAsync("api/containers?all=maybe");
        Assert.Equal(HttpStatusCode.BadRequest, all.StatusCode);
        Assert.Contains("\"all\"", await all.Content.ReadAsStringAsync());
        using var status = await _host.Http.GetAsync("api/containers?status=sleeping");
        Assert.Equal(HttpStatusCode.BadRequest, status.StatusCode);
        using var timeout = await _host.Http.PostAsync("api/containers/x/stop?timeout=soon", null);
        Assert.Equal(HttpStatusCode.BadRequest, timeout.StatusCode);
        using var wait = await _host.Http.PostAsync("api/containers/x/wait?condition=forever", null);
        Assert.Equal(HttpStatusCode.BadRequest, wait.StatusCode);
    }

    [Fact]
    public async Task List_filters_by_all_name_status_and_label()
    {
        (await CreateAsync(new CreateContainerDto { Name = "alpha", Image = "busybox", Cmd = ["sleep", "inf"], Labels = new Dictionary<string, string> { ["env"] = "prod" } }, start: true)).Dispose();
        (await CreateAsync(new CreateContainerDto { Name = "beta", Image = "busybox", Labels = new Dictionary<string, string> { ["env"] = "dev" } })).Dispose();

        async Task<string[]> Names(string query) =>
            (await _host.Http.GetFromJsonAsync<ContainerSummaryDto[]>("api/containers" + query, ContractJson.Options))!.Select(c => c.Name).Order().ToArray();

        Assert.Equal(["alpha"], await Names(""));
        Assert.Equal(["alpha", "beta"], await Names("?all=true"));
        Assert.Equal(["beta"], await Names("?all=true&name=bet"));
        Assert.Equal(["beta"], await Names("?status=created"));
        Assert.Equal(["alpha"], await Names("?all=true&label=env=prod"));
        Assert.Equal(["alpha", "beta"], await Names("?all=true&label=env"));
        Assert.Empty(await Names("?all=true&label=team"));
    }

    [Fact]
    public async Task Missing_executable_is_400_with_the_runtime_text_and_leaves_the_container_created()
    {
        (await CreateAsync(new CreateContainerDto { Name = "typo", Image = "busybox", Cmd = ["sleeep", "inf"] })).Dispose();
        using var response = await _host.Http.PostAsync("api/containers/typo/start", null);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("executable file not found", await response.Content.ReadAsStringAsync());
        var state = _host.Engine.Get("typo").State;
        Assert.Equal((ContainerStatus.Created, 127), (state.Status, state.ExitCode));
        Assert.Contains("sleeep", state.Error);
    }

    [Fact]
    public async Task Start_failure_in_the_runtime_is_500_with_the_runtime_text()
    {
        (await CreateAsync(new CreateContainerDto { Name = "broken", Image = "busybox", Cmd = ["sleep", "inf"] })).Dispose();
        _host.Engine.NextStartFailure = new OciRuntimeException("runc create", 1,
            "runc create failed: unable to start container process: error during container init: error setting cgroup config for procHooks process: unable to set memory limit");
        using var response = await _host.Http.PostAsync("api/containers/broken/start", null);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("error setting cgroup config", await response.Content.ReadAsStringAsync());
        Assert.Equal(ContainerStatus.Created, _host.Engine.Get("broken").State.Status);
    }

    [Fact]
    public async Task Wait_sends_headers_before_the_exit_and_the_code_after()
    {
        (await CreateAsync(new CreateContainerDto { Name = "waiter", Image = "busybox", Cmd = ["sh", "-c", "sleep inf"] }, start: true)).Dispose();
        using var response = await _host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Post, "api/containers/waiter/wait?condition=next-exit"), HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = response.Content.ReadFromJsonAsync<WaitResultDto>(ContractJson.Options);
        await Task.Delay(100);
        Assert.False(body.IsCompleted, "the wait finished while the container was still running");
        (await _host.Http.PostAsync("api/containers/waiter/kill?signal=TERM", null)).Dispose();
        var result = await body.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(143, result!.StatusCode);
    }
}
