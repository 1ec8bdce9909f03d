namespace Dashboard.Web.Tests.DockerApi;

/// <summary>docker version / info / images / error texts through the real CLI binary.</summary>
public sealed class DockerCliSystemTests : IAsyncLifetime
{
    private readonly DockerApiServer _server = new();
    private DockerCli _docker = null!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _docker = new DockerCli(_server.DockerHost);
    }

    public async Task DisposeAsync()
    {
        _docker.Dispose();
        await _server.DisposeAsync();
    }

    [DockerCliFact]
    public async Task Version_shows_the_server_api_range_and_runtime()
    {
        var result = await _docker.RunAsync("version");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("API version:      1.44 (minimum version 1.24)", result.Stdout);
        Assert.Contains("runc:", result.Stdout);
        Assert.Contains("1.1.5-fake", result.Stdout);
    }

    [DockerCliFact]
    public async Task Info_counts_containers_and_reports_no_swarm()
    {
        await _docker.RunAsync("create", "--name", "one", "busybox", "sleep", "1000");
        var result = await _docker.RunAsync("info");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Containers: 1", result.Stdout);
        Assert.Contains("Stopped: 1", result.Stdout);
        Assert.Contains("Swarm: inactive", result.Stdout);
        Assert.Contains("CPUs: 2", result.Stdout);
        Assert.DoesNotContain("Error", result.Stderr);
    }

    [DockerCliFact]
    public async Task Commands_this_daemon_lacks_say_so_by_name()
    {
        foreach (var (args, feature) in new (string[], string)[]
                 {
                     (["history", "busybox"], "docker history"),
                     (["push", "busybox"], "docker push"),
                 })
        {
            var result = await _docker.RunAsync(args);
            Assert.True(result.ExitCode != 0, result.ToString());
            Assert.Contains("not implemented", result.Stderr);
            Assert.Contains(feature, result.Stderr);
            Assert.DoesNotContain("page not found", result.Stderr);
        }
    }

    [DockerCliFact]
    public async Task Unknown_container_says_no_such_container()
    {
        var start = await _docker.RunAsync("start", "nosuch");
        Assert.Equal(1, start.ExitCode);
        Assert.Contains("No such container: nosuch", start.Stderr);
        // Raw JSON in the message would mean the Content-Type was not exactly application/json.
        Assert.DoesNotContain("{\"message\"", start.Stderr);

        var inspect = await _docker.RunAsync("inspect", "nosuch");
        Assert.Equal(1, inspect.ExitCode);
        Assert.Contains("No such object: nosuch", inspect.Stderr);
    }

    [DockerCliFact]
    public async Task Name_conflict_exits_125_from_run()
    {
        Assert.Equal(0, (await _docker.RunAsync("create", "--name", "dup", "busybox")).ExitCode);
        var second = await _docker.RunAsync("run", "-d", "--name", "dup", "busybox");
        Assert.Equal(125, second.ExitCode);
        Assert.Contains("The container name \"/dup\" is already in use", second.Stderr);
    }

    [DockerCliFact]
    public async Task Running_an_unknown_image_pulls_it_and_reports_what_the_registry_said()
    {
        var result = await _docker.RunAsync("run", "--rm", "unknown-image");
        Assert.Equal(125, result.ExitCode);
        // The CLI pulls only after the exact 404 "No such image" of the create.
        Assert.Contains("Unable to find image 'unknown-image:latest' locally", result.Stderr);
        Assert.Contains("manifest for unknown-image:latest not found: manifest unknown", result.Stderr);
        Assert.Equal(["unknown-image:latest"], _server.Puller.Pulled);
    }

    [DockerCliFact]
    public async Task Missing_executable_exits_127_with_runc_text()
    {
        var result = await _docker.RunAsync("run", "--rm", "busybox", "nonexistent-program");
        Assert.Equal(127, result.ExitCode);
        Assert.Contains("executable file not found", result.Stderr);
        // --rm after a failed start: the API removes it, or docker run would wait for "removed" forever.
        Assert.Empty(_server.Engine.List());
    }

    [DockerCliFact]
    public async Task Bad_input_is_rejected_with_the_engine_message()
    {
        var result = await _docker.RunAsync("run", "-d", "--cpus", "1.5", "--cpu-period", "50000", "busybox");
        Assert.Equal(125, result.ExitCode);
        Assert.Contains("Conflicting options", result.Stderr);
        Assert.Empty(_server.Engine.List());
    }
}
