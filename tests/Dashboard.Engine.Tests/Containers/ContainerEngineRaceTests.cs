using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Tests.Containers.Fakes;

namespace Dashboard.Engine.Tests.Containers;

/// <summary>
/// Issue 9 point 1, one race per test: each puts two callers (or a caller and conmon's exit report) in one exact
/// interleaving by holding one of them inside the fake runtime or store, then checks that the loser answers 404 or
/// 409 and that the table, the store and the runtime still agree.
/// </summary>
public sealed class ContainerEngineRaceTests
{
    private static CreateContainerRequest Sleeper(string name) => new() { Name = name, Image = "busybox", Cmd = ["sleep", "1000"] };

    private static async Task<ContainerRecord> RunningAsync(EngineHarness h, string name)
    {
        var created = await h.Engine.CreateAsync(Sleeper(name), default);
        await h.Engine.StartAsync(created.Id, default);
        return created;
    }

    private static void AssertNothingLeft(EngineHarness h, string id)
    {
        Assert.Empty(h.Engine.List());
        Assert.Empty(h.Store.Records);
        Assert.False(h.Runtime.States.ContainsKey(id), "the runtime still has the container");
        Assert.False(Directory.Exists(Path.Combine(h.Root, "containers", id)), "its directory is still there");
    }

    [Fact]
    public async Task Of_two_concurrent_force_removes_one_removes_and_the_other_answers_404()
    {
        await using var h = new EngineHarness();
        var c = await RunningAsync(h, "twice");
        var gate = new Gate();
        h.Runtime.BeforeKill = gate.PassAsync;
        var first = h.Engine.RemoveAsync("twice", force: true, default);
        await gate.Reached; // the first remove holds the lock, in its kill
        var second = h.Engine.RemoveAsync("twice", force: true, default);
        gate.Release();
        await first;
        await Assert.ThrowsAsync<ContainerNotFoundException>(() => second);
        Assert.Single(h.Actions(c.Id), a => a == "destroy");
        AssertNothingLeft(h, c.Id);
    }

    [Theory]
    [InlineData("start")]
    [InlineData("restart")]
    [InlineData("stop")]
    [InlineData("kill")]
    [InlineData("pause")]
    [InlineData("unpause")]
    [InlineData("update")]
    [InlineData("exec")]
    public async Task A_call_that_waited_for_a_remove_answers_404_and_brings_nothing_back(string verb)
    {
        await using var h = new EngineHarness();
        var c = await RunningAsync(h, "lost");
        var gate = new Gate();
        h.Runtime.BeforeKill = gate.PassAsync;
        var remove = h.Engine.RemoveAsync("lost", force: true, default);
        await gate.Reached;
        // Resolved now, while the container still exists; it then waits for the remove to finish.
        Task call = verb switch
        {
            "start" => h.Engine.StartAsync("lost", default),
            "restart" => h.Engine.RestartAsync("lost", 1, default),
            "stop" => h.Engine.StopAsync("lost", 1, null, default),
            "kill" => h.Engine.KillAsync("lost", "TERM", default),
            "pause" => h.Engine.PauseAsync("lost", default),
            "unpause" => h.Engine.UnpauseAsync("lost", default),
            "exec" => h.Engine.CreateExecAsync("lost", new ExecRequest { Cmd = ["true"] }, default),
            _ => h.Engine.UpdateLimitsAsync("lost", new LimitsUpdate { PidsLimit = 50 }, default),
        };
        gate.Release();
        await remove;
        await Assert.ThrowsAsync<ContainerNotFoundException>(() => call);
        AssertNothingLeft(h, c.Id);
        Assert.Equal(0, h.Engine.ExecSessionCount); // an exec session never outlives its container
    }

    [Fact]
    public async Task A_remove_cannot_be_undone_by_the_state_write_of_an_exit_in_flight()
    {
        await using var h = new EngineHarness();
        var c = await RunningAsync(h, "exiting");
        var gate = new Gate();
        h.Store.BeforeSave = r => r.State.Status == ContainerStatus.Exited ? gate.PassAsync() : Task.CompletedTask;
        var exited = h.Engine.WaitAsync(c.Id, WaitCondition.NextExit, default);
        h.Runtime.Exit(c.Id, 3);
        await gate.Reached; // the exit's state write is in flight
        var remove = h.Engine.RemoveAsync(c.Id, force: false, default);
        await Task.WhenAny(remove, Task.Delay(200));
        gate.Release();
        await exited.WaitAsync(TimeSpan.FromSeconds(5));
        await remove;
        AssertNothingLeft(h, c.Id);
    }

    [Fact]
    public async Task A_start_during_a_create_that_fails_answers_404_and_leaves_nothing_running()
    {
        await using var h = new EngineHarness();
        var gate = new Gate(failWith: new IOException("disk I/O error"));
        h.Store.BeforeSave = r => r.State.Status == ContainerStatus.Created && r.State.Error is null ? gate.PassAsync() : Task.CompletedTask;
        var create = h.Engine.CreateAsync(Sleeper("half"), default);
        await gate.Reached; // in the table, its row not yet written
        var id = h.Engine.Get("half").Id;
        var start = h.Engine.StartAsync("half", default);
        await Task.WhenAny(start, Task.Delay(200));
        gate.Release(); // the create's write fails
        await Assert.ThrowsAsync<IOException>(() => create);
        await Assert.ThrowsAsync<ContainerNotFoundException>(() => start);
        AssertNothingLeft(h, id);
    }

    [Theory]
    [InlineData("kill")]
    [InlineData("pause")]
    [InlineData("unpause")]
    public async Task A_signal_or_freeze_of_a_container_that_just_exited_is_a_409_and_records_the_exit(string verb)
    {
        await using var h = new EngineHarness();
        var c = await RunningAsync(h, "gone");
        if (verb == "unpause") await h.Engine.PauseAsync(c.Id, default);
        h.Runtime.ExitSilently(c.Id, 3); // conmon wrote the exit file; the watcher has not reported it yet
        Task call = verb switch
        {
            "kill" => h.Engine.KillAsync(c.Id, "KILL", default),
            "pause" => h.Engine.PauseAsync(c.Id, default),
            _ => h.Engine.UnpauseAsync(c.Id, default),
        };
        await Assert.ThrowsAsync<InvalidContainerStateException>(() => call);
        var state = h.Engine.Get(c.Id).State;
        Assert.Equal(ContainerStatus.Exited, state.Status);
        Assert.Equal(3, state.ExitCode);
        Assert.Equal(ContainerStatus.Exited, h.Store.Records[c.Id].State.Status);
    }

    [Fact]
    public async Task A_pause_that_meets_a_dying_process_is_a_409_and_records_the_exit()
    {
        // Seen in the lifecycle stress test: a pause right after a kill got runc's "unable to freeze" as a 500.
        await using var h = new EngineHarness();
        var c = await RunningAsync(h, "dying");
        h.Runtime.DyingOnFreeze = 137;

        var error = await Assert.ThrowsAsync<InvalidContainerStateException>(() => h.Engine.PauseAsync(c.Id, default));

        Assert.Equal("not running", error.Current);
        Assert.Equal(ContainerStatus.Exited, h.Engine.Get(c.Id).State.Status);
        Assert.Equal(137, h.Store.Records[c.Id].State.ExitCode);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_pause_or_unpause_the_runtime_has_already_seen_done_is_a_409_and_the_record_follows_it(bool pause)
    {
        await using var h = new EngineHarness();
        var c = await RunningAsync(h, "frozen");
        if (!pause) await h.Engine.PauseAsync(c.Id, default);
        // The runtime's freezer state moved without the engine (runc lets go of a freezing cgroup, for one).
        h.Runtime.States[c.Id] = h.Runtime.States[c.Id] with { Status = pause ? "paused" : "running" };

        var error = await Assert.ThrowsAsync<InvalidContainerStateException>(() => pause ? h.Engine.PauseAsync(c.Id, default) : h.Engine.UnpauseAsync(c.Id, default));

        Assert.Equal(pause ? "paused" : "not paused", error.Current);
        var expected = pause ? ContainerStatus.Paused : ContainerStatus.Running;
        Assert.Equal(expected, h.Engine.Get(c.Id).State.Status);
        Assert.Equal(expected, h.Store.Records[c.Id].State.Status);
    }

    [Fact]
    public async Task A_stop_reads_an_exit_conmon_recorded_before_the_watcher_reported_it()
    {
        await using var h = new EngineHarness();
        var c = await RunningAsync(h, "quiet");
        h.Runtime.ExitSilently(c.Id, 3);
        Assert.True(await h.Engine.StopAsync(c.Id, 1, null, default).WaitAsync(TimeSpan.FromSeconds(5)));
        var state = h.Engine.Get(c.Id).State;
        Assert.Equal(ContainerStatus.Exited, state.Status);
        Assert.Equal(3, state.ExitCode);
    }

    [Fact]
    public async Task A_late_report_of_an_earlier_runs_exit_does_not_end_the_current_run()
    {
        await using var h = new EngineHarness();
        var c = await RunningAsync(h, "again");
        h.Runtime.Exit(c.Id, 3);
        await h.EventuallyAsync(() => h.Engine.Get(c.Id).State.Status, s => s == ContainerStatus.Exited);
        await h.Engine.StartAsync(c.Id, default);

        await h.Engine.OnContainerExitedAsync(c.Id, 3); // the first run's report, delivered late
        Assert.Equal(ContainerStatus.Running, h.Engine.Get(c.Id).State.Status);
        Assert.Equal("running", h.Runtime.States[c.Id].Status);
        Assert.Equal(ContainerStatus.Running, h.Store.Records[c.Id].State.Status);
    }
}
