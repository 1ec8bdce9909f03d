using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Containers;
using Dashboard.Web.Tests.Fakes;

namespace Dashboard.Web.Tests.NativeApi;

/// <summary>The real dashctl code, in process, against the native API on a unix socket.</summary>
public sealed class DashctlTests : IAsyncLifetime
{
    private NativeApiHost _host = null!;

    public async Task InitializeAsync() => _host = await NativeApiHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Run_detached_prints_the_id_and_ps_shows_a_docker_like_table()
    {
        var run = await _host.DashctlAsync("run", "-d", "--name", "web", "-m", "200m", "--cpus", "0.5", "-e", "A=1", "-e", "B=2",
            "-l", "tier=front", "-h", "box", "busybox", "sh", "-c", "echo hi; sleep inf");
        Assert.Equal(0, run.ExitCode);
        var id = run.Stdout.Trim();
        Assert.Matches("^[0-9a-f]{64}$", id);

        var request = _host.Engine.CreateRequests.Single();
        Assert.Equal(["sh", "-c", "echo hi; sleep inf"], request.Cmd);
        Assert.Equal(["A=1", "B=2"], request.Env);
        Assert.Equal("box", request.Hostname);
        Assert.Equal("200m", request.Memory);
        Assert.Equal("front", request.Labels["tier"]);

        var ps = await _host.DashctlAsync("ps");
        var lines = ps.Stdout.TrimEnd().Split('\n');
        Assert.Matches(@"^CONTAINER ID\s{3,}IMAGE\s{3,}COMMAND\s{3,}CREATED\s{3,}STATUS\s{3,}NAMES$", lines[0]);
        Assert.StartsWith(id[..12] + "   busybox", lines[1]);
        Assert.Contains("\"sh -c echo hi; slee…\"", lines[1]);
        Assert.Matches(@"(Less than a second|\d+ seconds?) ago", lines[1]);
        Assert.Matches(@"Up (Less than a second|\d+ seconds?)\s+web$", lines[1]);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public async Task Create_with_namespace_flags_and_inspect_shows_the_modes()
    {
        var web = (await _host.DashctlAsync("run", "-d", "--name", "web", "busybox", "sleep", "inf")).Stdout.Trim();
        var create = await _host.DashctlAsync("create", "--name", "side", "--network", "container:web", "--pid", "container:web",
            "--ipc", "container:web", "--uts", "host", "busybox", "sleep", "inf");
        Assert.True(create.ExitCode == 0, create.Stderr);
        var request = _host.Engine.CreateRequests.Last();
        Assert.Equal(("container:web", "container:web", "container:web", "host"), (request.NetworkMode, request.PidMode, request.IpcMode, request.UtsMode));

        var inspect = await _host.DashctlAsync("inspect", "side");
        Assert.Equal(0, inspect.ExitCode);
        var config = JsonDocument.Parse(inspect.Stdout).RootElement[0].GetProperty("config");
        Assert.Equal("container:" + web, config.GetProperty("networkMode").GetString());
        Assert.Equal("container:" + web, config.GetProperty("pidMode").GetString());
        Assert.Equal("container:" + web, config.GetProperty("ipcMode").GetString());
        Assert.Equal("host", config.GetProperty("utsMode").GetString());

        var bad = await _host.DashctlAsync("create", "--pid", "shared", "busybox");
        Assert.Equal(125, bad.ExitCode);
        Assert.Contains("invalid --pid 'shared'", bad.Stderr);
    }

    [Fact]
    public async Task Run_attached_prints_both_streams_and_exits_with_the_container_code()
    {
        var run = await _host.DashctlAsync("run", "--name", "job", "busybox", "sh", "-c", "echo out; echo err >&2; exit 3");
        Assert.Equal(3, run.ExitCode);
        Assert.Equal("out\n", run.Stdout);
        Assert.Equal("err\n", run.Stderr);

        var ps = await _host.DashctlAsync("ps", "-a");
        Assert.Matches(@"Exited \(3\) (Less than a second|\d+ seconds?) ago\s+job", ps.Stdout);
    }

    [Fact]
    public async Task Run_attached_with_rm_removes_the_container_after_reading_its_output()
    {
        var run = await _host.DashctlAsync("run", "--rm", "busybox", "sh", "-c", "echo bye; exit 0");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal("bye\n", run.Stdout);
        Assert.Empty(_host.Engine.List());
    }

    [Fact]
    public async Task Interrupting_an_attached_run_interrupts_the_container_and_exits_130()
    {
        var run = await _host.DashctlInterruptedAfterAsync("up\n", "run", "--name", "forever", "busybox", "sh", "-c", "echo up; sleep inf");
        Assert.Equal(130, run.ExitCode);
        Assert.Equal("up\n", run.Stdout);
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (_host.Engine.Get("forever").State.Status == Dashboard.Engine.Containers.ContainerStatus.Running && DateTime.UtcNow < deadline)
            await Task.Delay(20);
        Assert.Equal(128 + 2, _host.Engine.Get("forever").State.ExitCode); // SIGINT
    }

    [Fact]
    public async Task Logs_with_timestamps_tail_and_follow()
    {
        await _host.DashctlAsync("run", "--name", "talk", "busybox", "sh", "-c", "echo one; echo two; echo three");
        var logs = await _host.DashctlAsync("logs", "talk");
        Assert.Equal("one\ntwo\nthree\n", logs.Stdout);

        var tail = await _host.DashctlAsync("logs", "--tail", "2", "-t", "talk");
        var lines = tail.Stdout.TrimEnd().Split('\n');
        Assert.Equal(2, lines.Length);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z two$", lines[0]);

        await _host.DashctlAsync("run", "-d", "--name", "live", "busybox", "sh", "-c", "echo started; sleep inf");
        var follow = _host.DashctlAsync("logs", "-f", "live");
        await Task.Delay(300);
        Assert.False(follow.IsCompleted, "logs -f returned while the container was running");
        Assert.Equal(0, (await _host.DashctlAsync("stop", "-t", "1", "live")).ExitCode);
        var followed = await follow.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(0, followed.ExitCode);
        Assert.Equal("started\n", followed.Stdout);
    }

    [Fact]
    public async Task Stop_rm_and_inspect_lifecycle()
    {
        await _host.DashctlAsync("run", "-d", "--name", "svc", "--restart", "on-failure:3", "busybox", "sh", "-c", "sleep inf");
        var inspect = await _host.DashctlAsync("inspect", "svc");
        Assert.Equal(0, inspect.ExitCode);
        var details = JsonSerializer.Deserialize<ContainerDetailDto[]>(inspect.Stdout, ContractJson.Options)!;
        Assert.Equal("running", details.Single().State.Status);
        Assert.Equal(new RestartPolicyDto("on-failure", 3), details.Single().Config.RestartPolicy);

        var rmRunning = await _host.DashctlAsync("rm", "svc");
        Assert.Equal(1, rmRunning.ExitCode);
        Assert.Contains("Error response from daemon: cannot remove container", rmRunning.Stderr);

        var stop = await _host.DashctlAsync("stop", "svc");
        Assert.Equal((0, "svc\n"), (stop.ExitCode, stop.Stdout));
        var wait = await _host.DashctlAsync("wait", "svc");
        Assert.Equal("143\n", wait.Stdout);
        var rm = await _host.DashctlAsync("rm", "svc");
        Assert.Equal((0, "svc\n"), (rm.ExitCode, rm.Stdout));
        Assert.Empty(_host.Engine.List());

        var gone = await _host.DashctlAsync("inspect", "svc");
        Assert.Equal(1, gone.ExitCode);
        Assert.Contains("No such object: svc", gone.Stderr);
    }

    [Fact]
    public async Task Images_import_and_rmi()
    {
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, TestArchives.Rootfs());
            var import = await _host.DashctlAsync("import", file, "mine:v1");
            Assert.Equal(0, import.ExitCode);
            Assert.Matches("^sha256:[0-9a-f]{64}\n$", import.Stdout);

            var images = await _host.DashctlAsync("images");
            var lines = images.Stdout.TrimEnd().Split('\n');
            Assert.Matches(@"^REPOSITORY\s{3,}TAG\s{3,}IMAGE ID\s{3,}CREATED\s{3,}SIZE$", lines[0]);
            Assert.Contains(lines, l => l.StartsWith("busybox ") && l.Contains("latest") && l.Contains("3 days ago") && l.EndsWith("4.26MB"));
            Assert.Contains(lines, l => l.StartsWith("mine ") && l.Contains("v1") && l.Contains(import.Stdout[7..19]));

            // As docker rmi: the tag, the image, then the layer no other image uses.
            var layer = _host.Images.Resolve("mine:v1").Layers.Single();
            var rmi = await _host.DashctlAsync("rmi", "mine:v1");
            Assert.Equal($"Untagged: mine:v1\nDeleted: {import.Stdout.Trim()}\nDeleted: {layer}\n", rmi.Stdout);

            await File.WriteAllBytesAsync(file, TestArchives.DockerSave("saved:1"));
            var load = await _host.DashctlAsync("load", "-i", file);
            Assert.Equal("Loaded image: saved:1\n", load.Stdout);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Bad_input_prints_the_daemon_message_and_exits_125_for_run()
    {
        var run = await _host.DashctlAsync("run", "-d", "-m", "200x", "--restart", "sometimes", "busybox");
        Assert.Equal(125, run.ExitCode);
        Assert.Contains("memory: invalid size: '200x'", run.Stderr);
        Assert.Contains("restart: invalid restart policy 'sometimes'", run.Stderr);
        Assert.Empty(run.Stdout);

        var image = await _host.DashctlAsync("create", "nosuchimage");
        Assert.Equal(125, image.ExitCode);
        Assert.Equal("Error response from daemon: No such image: nosuchimage\n", image.Stderr);

        var stop = await _host.DashctlAsync("stop", "ghost");
        Assert.Equal(1, stop.ExitCode);
        Assert.Equal("Error response from daemon: No such container: ghost\n", stop.Stderr);

        var importMissing = await _host.DashctlAsync("import", "/nonexistent/rootfs.tar");
        Assert.Equal(1, importMissing.ExitCode);
        Assert.Contains("no such file", importMissing.Stderr);
    }

    [Fact]
    public async Task A_daemon_that_is_not_there_is_named_in_the_error()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-daemon-" + Guid.NewGuid().ToString("N") + ".sock");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var exit = await Dashboard.Cli.Dashctl.RunAsync(["ps"], stdout, stderr,
            name => name == "DASHBOARD_HOST" ? "unix://" + missing : null, CancellationToken.None);
        Assert.Equal(1, exit);
        Assert.Equal($"Cannot connect to the Dashboard daemon at unix://{missing}: is it running?\n", stderr.ToString());
    }
}
