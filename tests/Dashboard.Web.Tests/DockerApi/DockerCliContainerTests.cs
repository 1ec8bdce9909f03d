using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>The container commands of the docker CLI 28.2.2 against the API over the fake engine.</summary>
public sealed class DockerCliContainerTests : IAsyncLifetime
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

    private async Task<string> OkAsync(params string[] args)
    {
        var result = await _docker.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)}\n{result}");
        return result.Stdout;
    }

    [DockerCliFact]
    public async Task Run_rm_prints_output_returns_exit_code_and_removes_the_container()
    {
        var hi = await _docker.RunAsync("run", "--rm", "busybox", "echo", "hi");
        Assert.True(hi.ExitCode == 0, hi.ToString());
        Assert.Equal("hi\n", hi.Stdout);

        var mixed = await _docker.RunAsync("run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.Equal(3, mixed.ExitCode);
        Assert.Equal("out\n", mixed.Stdout);
        Assert.Contains("err", mixed.Stderr);

        Assert.Empty(_server.Engine.List());
    }

    [DockerCliFact]
    public async Task Run_attached_without_rm_keeps_the_container_and_its_exit_code()
    {
        var result = await _docker.RunAsync("run", "--name", "kept", "busybox", "sh", "-c", "echo a; sleep 0.2; echo b; exit 5");
        Assert.Equal(5, result.ExitCode);
        Assert.Equal("a\nb\n", result.Stdout);
        Assert.Equal("exited 5", (await OkAsync("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "kept")).Trim());
    }

    [DockerCliFact]
    public async Task Create_with_tty_asks_the_engine_for_a_terminal_and_inspect_shows_it()
    {
        await OkAsync("create", "-t", "-i", "--name", "tty", "busybox", "sh");
        var config = _server.Engine.Get("tty").Config;
        Assert.True(config.Tty);
        Assert.True(config.OpenStdin);
        Assert.Equal("true true", (await OkAsync("inspect", "-f", "{{.Config.Tty}} {{.Config.OpenStdin}}", "tty")).Trim());
        await OkAsync("rm", "tty");
    }

    [DockerCliFact]
    public async Task Lifecycle_create_start_pause_unpause_restart_stop_kill_rm()
    {
        var id = (await OkAsync("create", "--name", "c1", "busybox", "sleep", "1000")).Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);
        Assert.DoesNotContain("c1", await OkAsync("ps"));
        Assert.Matches(@"c1\s*$", Line(await OkAsync("ps", "-a"), "c1"));
        Assert.Contains("Created", Line(await OkAsync("ps", "-a"), "c1"));

        Assert.Equal("c1\n", await OkAsync("start", "c1"));
        Assert.Matches(@"Up (Less than a second|\d+ seconds?)", Line(await OkAsync("ps"), "c1"));
        // Starting a running container is a 304, which the CLI treats as success.
        await OkAsync("start", "c1");

        await OkAsync("pause", "c1");
        Assert.Contains("(Paused)", Line(await OkAsync("ps"), "c1"));
        await OkAsync("unpause", "c1");
        Assert.DoesNotContain("(Paused)", Line(await OkAsync("ps"), "c1"));

        await OkAsync("restart", "-t", "1", "c1");
        Assert.Equal("running", (await OkAsync("inspect", "-f", "{{.State.Status}}", "c1")).Trim());

        await OkAsync("stop", "c1");
        Assert.Equal("exited 143", (await OkAsync("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "c1")).Trim());
        Assert.Matches(@"Exited \(143\) (Less than a second|\d+ seconds?) ago", Line(await OkAsync("ps", "-a"), "c1"));
        // Stopping a stopped container is a 304: success.
        await OkAsync("stop", "c1");
        var kill = await _docker.RunAsync("kill", "c1");
        Assert.Equal(1, kill.ExitCode);

        await OkAsync("start", id[..12]);
        await OkAsync("kill", "c1");
        Assert.Equal("137", (await OkAsync("inspect", "-f", "{{.State.ExitCode}}", "c1")).Trim());

        await OkAsync("start", "c1");
        var rm = await _docker.RunAsync("rm", "c1");
        Assert.Equal(1, rm.ExitCode);
        await OkAsync("rm", "-f", "c1");
        Assert.Empty(_server.Engine.List());
    }

    [DockerCliFact]
    public async Task Run_detached_then_logs_with_tail_and_timestamps()
    {
        var id = (await OkAsync("run", "-d", "--name", "web", "busybox", "sh", "-c", "echo one; echo two >&2; echo three; sleep 1000")).Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);
        await EventuallyAsync(async () => (await _docker.RunAsync("logs", "web")).Stdout.Contains("three"));

        var logs = await _docker.RunAsync("logs", "web");
        Assert.Equal("one\nthree\n", logs.Stdout);
        Assert.Equal("two\n", logs.Stderr);

        Assert.Equal("three\n", await OkAsync("logs", "--tail", "1", "web"));

        var stamped = (await OkAsync("logs", "-t", "web")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, stamped.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z one$", stamped[0]);

        await OkAsync("rm", "-f", "web");
    }

    [DockerCliFact]
    public async Task Logs_follow_ends_when_the_container_stops()
    {
        await OkAsync("run", "-d", "--name", "follow", "busybox", "sh", "-c", "echo first; sleep 0.5; echo second");
        var follow = await _docker.RunAsync("logs", "-f", "follow");
        Assert.Equal(0, follow.ExitCode);
        Assert.Equal("first\nsecond\n", follow.Stdout);
    }

    [DockerCliFact]
    public async Task Wait_prints_the_exit_code()
    {
        await OkAsync("run", "-d", "--name", "waiter", "busybox", "sh", "-c", "sleep 0.3; exit 7");
        Assert.Equal("7\n", await OkAsync("wait", "waiter"));
        // not-running on an exited container answers at once.
        Assert.Equal("7\n", await OkAsync("wait", "waiter"));
    }

    [DockerCliFact]
    public async Task Inspect_reports_the_create_options_in_docker_names()
    {
        await OkAsync("create", "--name", "lim", "--memory", "200m", "--cpus", "0.25", "--pids-limit", "50",
            "--cpu-shares", "512", "--restart", "on-failure:3", "-e", "A=1", "-l", "k=v", "--hostname", "h", "-w", "/tmp",
            "-u", "1000", "busybox", "sleep", "1000");

        var request = Assert.Single(_server.Engine.CreateRequests);
        Assert.Equal("209715200", request.Memory);
        Assert.Equal("0.25", request.Cpus);
        Assert.Equal(50, request.PidsLimit);
        Assert.Equal(512, request.CpuShares);
        Assert.Null(request.MemorySwap);
        Assert.Null(request.CpuPeriod);
        Assert.Equal("on-failure:3", request.RestartPolicy);
        Assert.Null(request.NetworkMode);
        Assert.Equal(["A=1"], request.Env);
        Assert.Equal("lim", request.Name);

        using var doc = JsonDocument.Parse(await OkAsync("inspect", "lim"));
        var c = doc.RootElement[0];
        Assert.Equal("/lim", c.GetProperty("Name").GetString());
        Assert.Equal("created", c.GetProperty("State").GetProperty("Status").GetString());
        Assert.Equal("0001-01-01T00:00:00Z", c.GetProperty("State").GetProperty("StartedAt").GetString());
        Assert.Equal("sleep", c.GetProperty("Path").GetString());
        var host = c.GetProperty("HostConfig");
        Assert.Equal(209715200, host.GetProperty("Memory").GetInt64());
        Assert.Equal(250000000, host.GetProperty("NanoCpus").GetInt64());
        Assert.Equal(50, host.GetProperty("PidsLimit").GetInt64());
        Assert.Equal("on-failure", host.GetProperty("RestartPolicy").GetProperty("Name").GetString());
        Assert.Equal(3, host.GetProperty("RestartPolicy").GetProperty("MaximumRetryCount").GetInt32());
        var config = c.GetProperty("Config");
        Assert.Equal("v", config.GetProperty("Labels").GetProperty("k").GetString());
        Assert.Equal("h", config.GetProperty("Hostname").GetString());
        Assert.Equal("/tmp", config.GetProperty("WorkingDir").GetString());
        Assert.Equal("1000", config.GetProperty("User").GetString());
        Assert.Equal("overlay2", c.GetProperty("GraphDriver").GetProperty("Name").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", c.GetProperty("Created").GetString());
    }

    [DockerCliFact]
    public async Task Ps_filters_by_name_status_label_and_id()
    {
        var a = (await OkAsync("create", "--name", "alpha", "-l", "tier=web", "busybox")).Trim();
        var b = (await OkAsync("run", "-d", "--name", "beta", "-l", "tier=db", "busybox", "sleep", "1000")).Trim();

        Assert.Equal(a[..12], (await OkAsync("ps", "-aq", "--filter", "name=alpha")).Trim());
        Assert.Equal(a[..12], (await OkAsync("ps", "-q", "--filter", "status=created")).Trim());
        Assert.Equal(b[..12], (await OkAsync("ps", "-aq", "--filter", "label=tier=db")).Trim());
        Assert.Equal(b[..12], (await OkAsync("ps", "-aq", "--filter", "id=" + b[..6])).Trim());
        Assert.Equal(2, (await OkAsync("ps", "-aq", "--filter", "label=tier")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Equal(b[..12], (await OkAsync("ps", "-q")).Trim());
    }

    [DockerCliFact]
    public async Task Ps_filters_by_ancestor_exit_code_and_creation_order_and_limits_include_stopped_containers()
    {
        var first = (await OkAsync("create", "--name", "first", "busybox")).Trim()[..12];
        var exited = await _docker.RunAsync("run", "--name", "three", "busybox", "sh", "-c", "exit 3");
        Assert.Equal(3, exited.ExitCode);
        var three = (await OkAsync("inspect", "-f", "{{.Id}}", "three")).Trim()[..12];
        var last = (await OkAsync("run", "-d", "--name", "last", "busybox", "sleep", "1000")).Trim()[..12];
        var imageId = (await OkAsync("image", "inspect", "-f", "{{.Id}}", "busybox")).Trim();

        // -n and -l count stopped containers too, newest first (moby: a limit implies all).
        Assert.Equal([last, three], Ids(await OkAsync("ps", "-q", "-n", "2")));
        Assert.Equal([last], Ids(await OkAsync("ps", "-q", "-l")));
        // ancestor: by name, name:tag and image ID; an unknown image matches nothing.
        Assert.Equal([last, three, first], Ids(await OkAsync("ps", "-aq", "--filter", "ancestor=busybox")));
        Assert.Equal(3, Ids(await OkAsync("ps", "-aq", "--filter", "ancestor=busybox:latest")).Length);
        Assert.Equal(3, Ids(await OkAsync("ps", "-aq", "--filter", "ancestor=" + imageId)).Length);
        Assert.Empty(Ids(await OkAsync("ps", "-aq", "--filter", "ancestor=nosuchimage")));
        // exited: the exit code of stopped containers.
        Assert.Equal([three], Ids(await OkAsync("ps", "-aq", "--filter", "exited=3")));
        Assert.Empty(Ids(await OkAsync("ps", "-aq", "--filter", "exited=0")));
        // before/since: by another container's creation, stopped ones included without -a.
        Assert.Equal([first], Ids(await OkAsync("ps", "-q", "--filter", "before=three")));
        Assert.Equal([last, three], Ids(await OkAsync("ps", "-q", "--filter", "since=first")));

        var badCode = await _docker.RunAsync("ps", "-a", "--filter", "exited=three");
        Assert.NotEqual(0, badCode.ExitCode);
        Assert.Contains("exited=three", badCode.Stderr);
        var unknown = await _docker.RunAsync("ps", "--filter", "since=nosuchcontainer");
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("No such container", unknown.Stderr);
    }

    [DockerCliFact]
    public async Task Container_prune_removes_stopped_containers_by_filter_and_reports_the_space_it_reclaimed()
    {
        var created = (await OkAsync("create", "--name", "created", "-l", "keep=no", "busybox")).Trim();
        Assert.Equal(0, (await _docker.RunAsync("run", "--name", "exited", "busybox", "true")).ExitCode);
        var exited = (await OkAsync("inspect", "-f", "{{.Id}}", "exited")).Trim();
        var kept = (await OkAsync("create", "--name", "kept", "-l", "keep=yes", "busybox")).Trim();
        var running = (await OkAsync("run", "-d", "--name", "running", "busybox", "sleep", "1000")).Trim();
        _server.Engine.WrittenBytes[created] = 1500;
        _server.Engine.WrittenBytes[exited] = 2500;

        var bad = await _docker.RunAsync("container", "prune", "-f", "--filter", "status=exited");
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("invalid filter 'status'", bad.Stderr);
        var badTime = await _docker.RunAsync("container", "prune", "-f", "--filter", "until=yesterday-ish");
        Assert.NotEqual(0, badTime.ExitCode);
        Assert.Contains("until=yesterday-ish", badTime.Stderr);
        // until=1h: everything here is newer, so nothing goes.
        Assert.DoesNotContain(created, await OkAsync("container", "prune", "-f", "--filter", "until=1h"));

        var output = await OkAsync("container", "prune", "-f", "--filter", "label!=keep=yes");
        Assert.Contains(created, output);
        Assert.Contains(exited, output);
        Assert.DoesNotContain(kept, output);
        Assert.DoesNotContain(running, output);
        Assert.Contains("Total reclaimed space: 4kB", output);
        Assert.Equal([running[..12], kept[..12]], Ids(await OkAsync("ps", "-aq")));
    }

    [DockerCliFact]
    public async Task Ps_s_and_inspect_size_report_the_writable_layer_and_the_whole_root_fs_only_when_asked()
    {
        var id = (await OkAsync("run", "-d", "--name", "sized", "busybox", "sleep", "1000")).Trim();
        _server.Engine.WrittenBytes[id] = 12_000;
        _server.Engine.ImageBytes = 2_000_000;

        Assert.Equal("12kB (virtual 2.01MB)", (await OkAsync("ps", "-s", "--format", "{{.Size}}")).Trim());
        Assert.Equal("12000 2012000", (await OkAsync("inspect", "--size", "-f", "{{.SizeRw}} {{.SizeRootFs}}", "sized")).Trim());
        // Without --size the fields are absent, as in Docker (a walk of the layer per inspect would be wasted).
        var plain = JsonDocument.Parse(await OkAsync("inspect", "sized")).RootElement[0];
        Assert.False(plain.TryGetProperty("SizeRw", out _));
    }

    private static string[] Ids(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string Line(string table, string name) =>
        table.Split('\n').FirstOrDefault(l => Regex.IsMatch(l, $@"\s{Regex.Escape(name)}\s*$")) ?? $"<no row for {name} in:\n{table}>";

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(50);
        }
    }
}
