using Dashboard.Engine.Stats;

namespace Dashboard.Web.Tests.Hubs;

/// <summary>dashctl stats, events and update, in process, against the hub and native API on a unix socket.</summary>
public sealed class DashctlLiveTests : IAsyncLifetime
{
    private EngineHubHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineHubHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Stats_no_stream_prints_one_docker_like_table()
    {
        var web = await _host.RunAsync("web", memory: "200m");
        var db = await _host.RunAsync("db");
        using var stop = new CancellationTokenSource();
        // The sampler ticks on its own; here a background loop plays the sampler until dashctl has its table.
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var now = DateTimeOffset.UtcNow;
                _host.Stats.PublishTick(new StatsTick(now, [Samples.For(web.Id, now), Samples.For(db.Id, now) with { Memory = new MemoryStats { WorkingSet = 1536 << 10 } }]));
                await Task.Delay(50);
            }
        });
        var result = await _host.DashctlAsync(TimeSpan.FromSeconds(20), "stats", "--no-stream");
        stop.Cancel();
        await sampler;

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain("\u001b", result.Stdout); // no screen redraw with --no-stream
        var lines = result.Stdout.TrimEnd().Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Matches(@"^CONTAINER ID\s{3,}NAME\s{3,}CPU %\s{3,}MEM USAGE / LIMIT\s{3,}MEM %\s{3,}NET I/O\s{3,}BLOCK I/O\s{3,}PIDS$", lines[0]);
        Assert.Matches($@"^{db.Id[..12]}\s+db\s+12\.50%\s+1\.5MiB / \S+\s+\d+\.\d\d%\s+1kB / 2kB\s+4\.1kB / 8\.19kB\s+3$", lines[1]);
        Assert.Matches($@"^{web.Id[..12]}\s+web\s+12\.50%\s+40MiB / 200MiB\s+20\.00%\s+1kB / 2kB\s+4\.1kB / 8\.19kB\s+3$", lines[2]);
    }

    [Fact]
    public async Task Stats_of_named_containers_and_of_an_unknown_one()
    {
        var missing = await _host.DashctlAsync(TimeSpan.FromSeconds(10), "stats", "--no-stream", "nope");
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("nope", missing.Stderr);

        var web = await _host.RunAsync("web");
        await _host.RunAsync("db");
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                _host.Stats.PublishTick(new StatsTick(DateTimeOffset.UtcNow, [Samples.For(web.Id, DateTimeOffset.UtcNow)]));
                await Task.Delay(50);
            }
        });
        var result = await _host.DashctlAsync(TimeSpan.FromSeconds(20), "stats", "--no-stream", "web");
        stop.Cancel();
        await sampler;
        var lines = result.Stdout.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.StartsWith(web.Id[..12], lines[1]);
    }

    [Fact]
    public async Task Events_since_until_replays_history_as_docker_lines_and_exits()
    {
        var web = await _host.RunAsync("web");
        await _host.PublishAsync("start", web.Id, ("name", "web"), ("image", "busybox"));
        await _host.PublishAsync("oom", web.Id, ("name", "web"));
        await _host.PublishAsync("start", "other", ("name", "other"));
        var until = DateTimeOffset.UtcNow.AddMilliseconds(1).ToString("O");

        var result = await _host.DashctlAsync(TimeSpan.FromSeconds(20), "events", "--since", "10m", "--until", until, "--filter", "container=web");
        Assert.Equal(0, result.ExitCode);
        var lines = result.Stdout.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Matches($@"^\d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{{9}}Z container start {web.Id} \(image=busybox, name=web\)$", lines[0]);
        Assert.EndsWith($"container oom {web.Id} (name=web)", lines[1]);
    }

    [Fact]
    public async Task Events_follows_live_events_until_interrupted()
    {
        var since = DateTimeOffset.UtcNow.ToString("O");
        var subscribers = _host.Events.SubscriberCount;
        var run = _host.DashctlAsync(TimeSpan.FromSeconds(4), "events", "--since", since, "--filter", "event=die");
        await Eventually.TrueAsync(() => _host.Events.SubscriberCount > subscribers, "dashctl events to subscribe", TimeSpan.FromSeconds(3));
        await _host.PublishAsync("start", "abc", ("name", "x"));
        await _host.PublishAsync("die", "abc", ("name", "x"), ("exitCode", "1"));
        var result = await run;
        Assert.Equal(130, result.ExitCode);
        Assert.EndsWith("container die abc (exitCode=1, name=x)", Assert.Single(result.Stdout.TrimEnd().Split('\n')));
    }

    [Fact]
    public async Task Update_changes_limits_and_reports_failures()
    {
        await _host.RunAsync("web");
        var ok = await _host.DashctlAsync(TimeSpan.FromSeconds(20), "update", "--memory", "256m", "--cpus", "1.5", "--pids-limit", "99", "web");
        Assert.Equal(0, ok.ExitCode);
        Assert.Equal("web\n", ok.Stdout);
        var r = _host.Engine.Get("web").Config.Resources;
        Assert.Equal((256L << 20, 1_500_000_000L, 99L), (r.MemoryBytes!.Value, r.NanoCpus!.Value, r.PidsLimit!.Value));

        var bad = await _host.DashctlAsync(TimeSpan.FromSeconds(20), "update", "--memory", "lots", "web", "nope");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("memory", bad.Stderr, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("nope", bad.Stderr);
    }
}
