using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.IntegrationTests.Containers;

[Collection("real containers")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class ContainerLifecycleTests
{
    private static CreateContainerRequest Sh(string script, string? name = null) =>
        new() { Image = "busybox", Name = name, Cmd = ["sh", "-c", script] };

    [SkippableFact]
    public async Task Exit_code_stdout_and_stderr_come_back()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var (code, output) = await f.RunToEndAsync(Sh("echo out; echo err >&2; exit 3"));
        Assert.Equal(3, code);
        Assert.Contains("out\n", output);
        Assert.Contains("err\n", output);
    }

    [SkippableFact]
    public async Task The_users_process_is_pid_1_and_the_hostname_is_the_one_asked_for()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var (code, output) = await f.RunToEndAsync(Sh("echo pid=$$; hostname; cat /etc/hostname") with { Hostname = "web-1" });
        Assert.Equal(0, code);
        Assert.Equal("pid=1\nweb-1\nweb-1\n", output);
    }

    [SkippableFact]
    public async Task Network_none_has_only_loopback()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var (code, output) = await f.RunToEndAsync(Sh("ls /sys/class/net"));
        Assert.Equal(0, code);
        Assert.Equal("lo\n", output);
    }

    [SkippableFact]
    public async Task Stop_sends_sigterm_then_the_exit_code_is_143_and_restart_runs_it_again()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var c = await f.RunAsync(Sh("trap 'exit 143' TERM; while true; do sleep 0.1; done", "stopper"));
        var running = f.Engine.Get(c.Id).State;
        Assert.Equal(ContainerStatus.Running, running.Status);
        Assert.True(Directory.Exists($"/proc/{running.Pid}"));

        Assert.True(await f.Engine.StopAsync("stopper", 5, null, CancellationToken.None));
        var stopped = f.Engine.Get(c.Id).State;
        Assert.Equal(ContainerStatus.Exited, stopped.Status);
        Assert.Equal(143, stopped.ExitCode);
        Assert.False(Directory.Exists($"/proc/{running.Pid}"));

        await f.Engine.RestartAsync("stopper", 1, CancellationToken.None);
        var again = f.Engine.Get(c.Id).State;
        Assert.Equal(ContainerStatus.Running, again.Status);
        Assert.NotEqual(running.Pid, again.Pid);
    }

    [SkippableFact]
    public async Task Stop_falls_back_to_sigkill_after_the_timeout()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var c = await f.RunAsync(Sh("trap '' TERM; while true; do sleep 0.1; done"));
        await SignalDisposition.TrappedAsync(f.Engine.Get(c.Id).State.Pid!.Value); // the shell has installed its trap
        var started = DateTime.UtcNow;
        await f.Engine.StopAsync(c.Id, 1, null, CancellationToken.None);
        Assert.Equal(137, f.Engine.Get(c.Id).State.ExitCode);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(0.9));
    }

    [SkippableFact]
    public async Task Pause_freezes_and_unpause_thaws()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var c = await f.RunAsync(Sh("while true; do sleep 0.1; done"));
        await f.Engine.PauseAsync(c.Id, CancellationToken.None);
        Assert.Equal(ContainerStatus.Paused, f.Engine.Get(c.Id).State.Status);
        Assert.Equal("FROZEN", File.ReadAllText(Path.Combine(f.CgroupDir("freezer", c.Id), "freezer.state")).Trim());
        await f.Engine.UnpauseAsync(c.Id, CancellationToken.None);
        Assert.Equal("THAWED", File.ReadAllText(Path.Combine(f.CgroupDir("freezer", c.Id), "freezer.state")).Trim());
        await f.Engine.RemoveAsync(c.Id, force: true, CancellationToken.None);
        Assert.Empty(f.Engine.List());
        Assert.False(Directory.Exists(f.CgroupDir("memory", c.Id)));
    }

    [SkippableFact]
    public async Task Logs_follow_ends_when_the_container_exits()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var c = await f.Engine.CreateAsync(Sh("for i in 1 2 3; do echo line$i; sleep 0.2; done"), CancellationToken.None);
        var lines = new List<string>();
        var follow = Task.Run(async () =>
        {
            await foreach (var entry in f.Engine.ReadLogsAsync(c.Id, new LogOptions { Follow = true }, CancellationToken.None))
                lines.Add(System.Text.Encoding.UTF8.GetString(entry.Content).Trim());
        });
        await f.Engine.StartAsync(c.Id, CancellationToken.None);
        await follow.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(["line1", "line2", "line3"], lines);
    }

    [SkippableFact]
    public async Task Bind_mounts_are_visible_and_read_only_when_asked()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var host = Directory.CreateTempSubdirectory("dash-bind-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(host, "in.txt"), "from host");
            var (code, output) = await f.RunToEndAsync(Sh("cat /data/in.txt; echo; touch /data/new 2>&1 || echo denied") with { Binds = [$"{host}:/data:ro"] });
            Assert.Equal(0, code);
            Assert.StartsWith("from host\n", output);
            Assert.Contains("denied", output);
            Assert.False(File.Exists(Path.Combine(host, "new")));
        }
        finally
        {
            Directory.Delete(host, true);
        }
    }
}

[CollectionDefinition("real containers", DisableParallelization = true)]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class RealContainersCollection;
