namespace Dashboard.Web.Tests.DockerApi;

/// <summary>docker stats / events / update through the real CLI binary against the fake engine.</summary>
public sealed class DockerCliStatsEventsTests : IAsyncLifetime
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

    private async Task<string> RunWithSamplesAsync(string name, ulong? limit = 200 * StatsSamples.MiB)
    {
        var c = await StatsSamples.RunAsync(_server.Engine, name);
        _server.Stats.Publish(StatsSamples.Sample(c.Id, 0, 1_000_000_000, limit: limit));
        _server.Stats.Publish(StatsSamples.Sample(c.Id, 1, 1_500_000_000, limit: limit));
        return c.Id;
    }

    [DockerCliFact]
    public async Task Stats_no_stream_lists_running_containers_with_cpu_and_memory()
    {
        var id = await RunWithSamplesAsync("web");
        await _server.Engine.CreateAsync(new() { Name = "stopped", Image = "busybox", Cmd = ["sleep", "1"] }, CancellationToken.None);

        var result = await _docker.RunWithTimeoutAsync(TimeSpan.FromSeconds(20), "stats", "--no-stream");
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("CONTAINER ID", lines[0]);
        var row = Assert.Single(lines.Skip(1));
        Assert.StartsWith(id[..12], row);
        Assert.Contains(" web ", row);
        Assert.True(row.Contains("100B / 100B"), row);
        Assert.Contains("50.00%", row);
        Assert.Contains("40MiB / 200MiB", row);
        Assert.Contains("20.00%", row);
        Assert.True(row.Contains("4.1kB / 8.19kB"), row);
        Assert.DoesNotContain("stopped", result.Stdout);
    }

    [DockerCliFact]
    public async Task Stats_no_stream_by_name_with_an_unlimited_container_shows_host_memory()
    {
        await RunWithSamplesAsync("free", limit: null);
        var result = await _docker.RunWithTimeoutAsync(TimeSpan.FromSeconds(20),
            "stats", "--no-stream", "--format", "{{.Name}}|{{.CPUPerc}}|{{.MemUsage}}|{{.PIDs}}", "free");
        Assert.True(result.ExitCode == 0, result.ToString());
        // The test server's HostInfo says 4 GiB.
        Assert.Equal("free|50.00%|40MiB / 4GiB|3", result.Stdout.Trim());
    }

    [DockerCliFact]
    public async Task Streaming_stats_shows_each_new_sample()
    {
        var c = await StatsSamples.RunAsync(_server.Engine, "live");
        using var publishing = new CancellationTokenSource();
        var publisher = Task.Run(async () =>
        {
            // 0.5 s of CPU per second on 2 CPUs: every line after the first pair reads 50.00%.
            for (var second = 0; !publishing.IsCancellationRequested; second++)
            {
                _server.Stats.Publish(StatsSamples.Sample(c.Id, second, 1_000_000_000UL + (ulong)second * 500_000_000UL));
                await Task.Delay(200);
            }
        });
        // docker stats never ends by itself: let it run for a while, then read what it printed.
        var timeout = await Assert.ThrowsAsync<TimeoutException>(() => _docker.RunWithTimeoutAsync(
            TimeSpan.FromSeconds(3), "stats", "--format", "{{.Name}} {{.CPUPerc}} {{.MemUsage}}", "live"));
        await publishing.CancelAsync();
        await publisher;
        Assert.Contains("live 50.00% 40MiB / 200MiB", timeout.Message);
    }

    [DockerCliFact]
    public async Task Events_since_until_prints_replayed_events_and_exits()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-5);
        var id = new string('a', 64);
        var attrs = new Dictionary<string, string> { ["name"] = "one", ["image"] = "busybox" };
        _server.EventStore.Seed(start.AddSeconds(1), "container", "create", id, attrs);
        _server.EventStore.Seed(start.AddSeconds(2), "container", "start", id, attrs);
        _server.EventStore.Seed(start.AddSeconds(3), "container", "die", id, new Dictionary<string, string>(attrs) { ["exitCode"] = "0" });
        _server.EventStore.Seed(start.AddSeconds(4), "container", "limits-updated", id, attrs);

        var since = start.ToUnixTimeSeconds().ToString();
        var until = start.AddSeconds(60).ToUnixTimeSeconds().ToString();
        var result = await _docker.RunWithTimeoutAsync(TimeSpan.FromSeconds(20), "events", "--since", since, "--until", until);
        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(4, lines.Length);
        Assert.Contains($"container create {id} (image=busybox, name=one)", lines[0]);
        Assert.Contains($"container start {id}", lines[1]);
        Assert.Contains($"container die {id} (exitCode=0, image=busybox, name=one)", lines[2]);
        Assert.Contains($"container update {id}", lines[3]);

        var dies = await _docker.RunWithTimeoutAsync(TimeSpan.FromSeconds(20),
            "events", "--since", since, "--until", until, "--filter", "event=die", "--format", "{{.Action}} {{.Actor.Attributes.name}}");
        Assert.True(dies.ExitCode == 0, dies.ToString());
        Assert.Equal("die one", dies.Stdout.Trim());
    }

    [DockerCliFact]
    public async Task Update_changes_cpus_and_memory()
    {
        var c = await StatsSamples.RunAsync(_server.Engine, "tune");
        var result = await _docker.RunAsync("update", "--cpus", "0.5", "--memory", "64m", "tune");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("tune", result.Stdout.Trim());
        var resources = _server.Engine.Get(c.Id).Config.Resources;
        Assert.Equal(500_000_000L, resources.NanoCpus);
        Assert.Equal(64L << 20, resources.MemoryBytes);

        var missing = await _docker.RunAsync("update", "--memory", "64m", "nosuch");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("nosuch", missing.Stderr);
    }
}
