using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Containers;

public sealed class ContainerEngineLifecycleTests
{
    private static CreateContainerRequest Busybox(string? name = null, string? restart = null, bool autoRemove = false) =>
        new() { Name = name, Image = "busybox", Cmd = ["sleep", "1000"], RestartPolicy = restart, AutoRemove = autoRemove };

    [Fact]
    public async Task Create_persists_and_publishes_and_names_are_unique()
    {
        await using var h = new EngineHarness();
        var created = await h.Engine.CreateAsync(Busybox("web"), default);
        Assert.Equal(64, created.Id.Length);
        Assert.Equal(ContainerStatus.Created, created.State.Status);
        Assert.True(h.Store.Records.ContainsKey(created.Id));
        Assert.Equal(["create"], h.Actions(created.Id));
        await Assert.ThrowsAsync<NameConflictException>(() => h.Engine.CreateAsync(Busybox("web"), default));
        Assert.Single(h.Store.Records);
    }

    [Fact]
    public async Task Bad_input_and_unknown_image_leave_nothing_behind()
    {
        await using var h = new EngineHarness();
        await Assert.ThrowsAsync<ImageNotFoundException>(() => h.Engine.CreateAsync(Busybox() with { Image = "nosuch" }, default));
        await Assert.ThrowsAsync<ValidationException>(() => h.Engine.CreateAsync(Busybox() with { Memory = "200x" }, default));
        Assert.Empty(h.Store.Records);
        Assert.Empty(h.Engine.List());
        Assert.Empty(Directory.Exists(Path.Combine(h.Root, "containers")) ? Directory.GetDirectories(Path.Combine(h.Root, "containers")) : []);
    }

    [Fact]
    public async Task Start_stop_and_their_no_op_answers()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(Busybox("st"), default);
        Assert.True(await h.Engine.StartAsync("st", default));
        Assert.Equal(ContainerStatus.Running, h.Engine.Get(c.Id).State.Status);
        Assert.NotNull(h.Engine.Get(c.Id).State.Pid);
        Assert.False(await h.Engine.StartAsync(c.Id[..8], default));

        Assert.True(await h.Engine.StopAsync("/st", 1, null, default));
        var stopped = h.Engine.Get(c.Id).State;
        Assert.Equal(ContainerStatus.Exited, stopped.Status);
        Assert.Equal(143, stopped.ExitCode);
        Assert.Null(stopped.Pid);
        Assert.False(await h.Engine.StopAsync("st", 1, null, default));
        Assert.Equal(ContainerStatus.Exited, h.Store.Records[c.Id].State.Status);
        Assert.Equal(["create", "start", "die", "stop"], h.Actions(c.Id));
    }

    [Fact]
    public async Task Remove_needs_force_while_running_and_wakes_removed_waiters_with_the_exit_code()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(Busybox("rm1"), default);
        await h.Engine.StartAsync(c.Id, default);
        await Assert.ThrowsAnyAsync<ConflictException>(() => h.Engine.RemoveAsync("rm1", false, default));
        var removed = h.Engine.WaitAsync("rm1", WaitCondition.Removed, default);
        await h.Engine.RemoveAsync("rm1", true, default);
        Assert.Equal(137, (await removed.WaitAsync(TimeSpan.FromSeconds(5))).StatusCode);
        Assert.Empty(h.Store.Records);
        Assert.Throws<ContainerNotFoundException>(() => h.Engine.Get("rm1"));
        Assert.Contains("destroy", h.Actions(c.Id));
    }

    [Fact]
    public async Task Wait_is_registered_before_the_exit_and_not_running_returns_at_once_when_stopped()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(Busybox(), default);
        await h.Engine.StartAsync(c.Id, default);
        var waiting = h.Engine.WaitAsync(c.Id, WaitCondition.NextExit, default);
        h.Runtime.Exit(c.Id, 3);
        Assert.Equal(3, (await waiting.WaitAsync(TimeSpan.FromSeconds(5))).StatusCode);
        var again = await h.Engine.WaitAsync(c.Id, WaitCondition.NotRunning, default).WaitAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(3, again.StatusCode);
    }

    [Fact]
    public async Task Kill_and_pause_follow_the_state_rules()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(Busybox(), default);
        await Assert.ThrowsAsync<InvalidContainerStateException>(() => h.Engine.KillAsync(c.Id, null, default));
        await Assert.ThrowsAsync<InvalidContainerStateException>(() => h.Engine.PauseAsync(c.Id, default));
        await h.Engine.StartAsync(c.Id, default);
        await h.Engine.PauseAsync(c.Id, default);
        Assert.Equal(ContainerStatus.Paused, h.Engine.Get(c.Id).State.Status);
        await Assert.ThrowsAsync<InvalidContainerStateException>(() => h.Engine.PauseAsync(c.Id, default));
        await h.Engine.UnpauseAsync(c.Id, default);
        Assert.Equal(ContainerStatus.Running, h.Engine.Get(c.Id).State.Status);
        var exit = h.Engine.WaitAsync(c.Id, WaitCondition.NextExit, default);
        await h.Engine.KillAsync(c.Id, "KILL", default);
        Assert.Equal(137, (await exit.WaitAsync(TimeSpan.FromSeconds(5))).StatusCode);
    }

    [Fact]
    public async Task On_failure_restarts_with_backoff_up_to_its_limit()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(Busybox(restart: "on-failure:2"), default);
        await h.Engine.StartAsync(c.Id, default);
        for (var i = 0; i < 3; i++)
        {
            await h.EventuallyAsync(() => h.Engine.Get(c.Id).State.Status, s => s == ContainerStatus.Running);
            h.Runtime.Exit(c.Id, 1);
            await h.EventuallyAsync(() => h.Engine.Get(c.Id).State.Status, s => s != ContainerStatus.Running);
        }
        var state = await h.EventuallyAsync(() => h.Engine.Get(c.Id).State, s => s.Status == ContainerStatus.Exited && s.RestartCount == 2);
        Assert.Equal(2, state.RestartCount);
        Assert.Equal(ContainerStatus.Exited, state.Status);
        await Task.Delay(400);
        Assert.Equal(ContainerStatus.Exited, h.Engine.Get(c.Id).State.Status);
        Assert.Equal(3, h.Runtime.Creates);
    }

    [Fact]
    public async Task Stopped_by_the_user_is_not_brought_back_by_always()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(Busybox(restart: "always"), default);
        await h.Engine.StartAsync(c.Id, default);
        await h.Engine.StopAsync(c.Id, 1, null, default);
        await Task.Delay(300);
        Assert.Equal(ContainerStatus.Exited, h.Engine.Get(c.Id).State.Status);
        Assert.Equal(1, h.Runtime.Creates);
    }

    [Fact]
    public async Task Auto_remove_removes_after_exit()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(Busybox(autoRemove: true), default);
        var removed = h.Engine.WaitAsync(c.Id, WaitCondition.Removed, default);
        await h.Engine.StartAsync(c.Id, default);
        h.Runtime.Exit(c.Id, 7);
        Assert.Equal(7, (await removed.WaitAsync(TimeSpan.FromSeconds(5))).StatusCode);
        Assert.Empty(h.Engine.List());
        Assert.Empty(h.Store.Records);
    }

    [Fact]
    public async Task An_oom_kill_in_this_run_marks_a_137_exit_as_oom_killed()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(Busybox(), default);
        await h.Engine.StartAsync(c.Id, default);
        Assert.True(h.Oom.Watched.ContainsKey(c.Id));
        await h.Engine.OnOomAsync(c.Id, new OomReport(DateTimeOffset.UtcNow, 1, 33_000_000, 33_554_432));
        h.Oom.Counts[c.Id] = 1;
        var exit = h.Engine.WaitAsync(c.Id, WaitCondition.NextExit, default);
        h.Runtime.Exit(c.Id, 137);
        await exit.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(h.Engine.Get(c.Id).State.OomKilled);
        var oom = h.Events.Events.Single(e => e.Action == "oom");
        Assert.Equal("33554432", oom.Attributes["memoryLimit"]);
        var die = h.Events.Events.Single(e => e.Action == "die");
        Assert.Equal("true", die.Attributes["oomKilled"]);
        Assert.False(h.Oom.Watched.ContainsKey(c.Id));
    }

    [Fact]
    public async Task A_command_that_cannot_run_is_bad_input_with_dockers_exit_code_and_the_container_stays_startable()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(Busybox(), default);
        h.Runtime.FailCreateWith = "exec: \"nosuch\": executable file not found in $PATH";
        var error = await Assert.ThrowsAsync<ValidationException>(() => h.Engine.StartAsync(c.Id, default));
        Assert.Equal("cmd", error.Errors.Single().Field);
        Assert.Contains("executable file not found", error.Message);
        var state = h.Engine.Get(c.Id).State;
        Assert.Equal(ContainerStatus.Created, state.Status);
        Assert.Equal(127, state.ExitCode);
        Assert.Contains("executable file not found", h.Store.Records[c.Id].State.Error);
        h.Runtime.FailCreateWith = null;
        Assert.True(await h.Engine.StartAsync(c.Id, default));
    }

    [Theory]
    [InlineData("exec /etc: permission denied", 126)]
    [InlineData("exec: \"/x\": stat /x: no such file or directory", 127)]
    [InlineData("cgroup: cannot write memory.limit_in_bytes", 128)]
    public void Start_failures_get_dockers_exit_codes(string runtimeText, int expected) =>
        Assert.Equal(expected, ContainerEngine.StartFailureExitCode(new OciRuntimeException("create", 1, runtimeText)));

    [Fact]
    public async Task Other_runtime_failures_stay_runtime_errors()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(Busybox(), default);
        h.Runtime.FailCreateWith = "cgroup: cannot write memory.limit_in_bytes";
        await Assert.ThrowsAsync<OciRuntimeException>(() => h.Engine.StartAsync(c.Id, default));
        Assert.Equal(128, h.Engine.Get(c.Id).State.ExitCode);
    }
}
