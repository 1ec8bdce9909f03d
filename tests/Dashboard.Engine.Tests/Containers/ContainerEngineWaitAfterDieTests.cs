using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Tests.Containers.Fakes;

namespace Dashboard.Engine.Tests.Containers;

/// <summary>
/// Issue 10 point 2: a client that waited finds the container's whole history. Every wait (not-running, next-exit,
/// removed, a wait that arrives while the exit is being recorded) completes only after the die, any oom before it and,
/// for removed, the destroy are in the event store, even when the store is slow. Each test reads the store at the
/// moment the wait completes (a synchronous continuation), so the check is exact, not a race against a timer.
/// </summary>
public sealed class ContainerEngineWaitAfterDieTests
{
    /// <summary>How long the slow store takes over the events the test names: long enough that a wait released before
    /// the write would be seen completing well before it.</summary>
    private static readonly TimeSpan SlowWrite = TimeSpan.FromMilliseconds(300);

    private static CreateContainerRequest Sleeper(string name, bool autoRemove = false) =>
        new() { Name = name, Image = "busybox", Cmd = ["sleep", "1000"], AutoRemove = autoRemove };

    /// <summary>The actions stored for <paramref name="id"/> when <paramref name="wait"/> completes.</summary>
    private static Task<string[]> StoredWhenDone(EngineHarness h, string id, Task wait) =>
        wait.ContinueWith(_ => h.Actions(id).ToArray(), CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

    private static void SlowFor(EngineHarness h, params string[] actions) =>
        h.Events.BeforeAppend = e => actions.Contains(e.Action) ? Task.Delay(SlowWrite) : Task.CompletedTask;

    [Theory]
    [InlineData(WaitCondition.NotRunning)]
    [InlineData(WaitCondition.NextExit)]
    public async Task A_wait_begun_before_the_exit_completes_only_after_the_die_is_stored(WaitCondition condition)
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(Sleeper("w1"), default);
        await h.Engine.StartAsync(c.Id, default);
        SlowFor(h, "die");

        var wait = h.Engine.WaitAsync(c.Id, condition, default);
        var stored = StoredWhenDone(h, c.Id, wait);
        h.Runtime.Exit(c.Id, 3);

        Assert.Equal(3, (await wait.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
        Assert.Equal(["create", "start", "die"], await stored);
    }

    [Fact]
    public async Task A_wait_that_finds_the_exit_recorded_but_its_die_not_yet_stored_waits_for_the_die()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(Sleeper("w2"), default);
        await h.Engine.StartAsync(c.Id, default);
        var held = new Gate();
        h.Events.BeforeAppend = e => e.Action == "die" ? held.PassAsync() : Task.CompletedTask;

        h.Runtime.Exit(c.Id, 4);
        await held.Reached; // the record says exited, the die is being written
        Assert.Equal(ContainerStatus.Exited, h.Engine.Get(c.Id).State.Status);
        var wait = h.Engine.WaitAsync(c.Id, WaitCondition.NotRunning, default);
        var stored = StoredWhenDone(h, c.Id, wait);
        _ = Task.Delay(SlowWrite).ContinueWith(_ => held.Release(), TaskScheduler.Default);

        Assert.Equal(4, (await wait.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
        Assert.Equal(["create", "start", "die"], await stored);
        // Once the exit is complete, a wait on the exited container answers at once, as before.
        Assert.Equal(4, (await h.Engine.WaitAsync(c.Id, WaitCondition.NotRunning, default)).StatusCode);
    }

    [Fact]
    public async Task A_removed_wait_of_an_auto_removed_container_completes_only_after_the_destroy_is_stored()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(Sleeper("w3", autoRemove: true), default);
        await h.Engine.StartAsync(c.Id, default);
        SlowFor(h, "die", "destroy");

        var wait = h.Engine.WaitAsync(c.Id, WaitCondition.Removed, default);
        var stored = StoredWhenDone(h, c.Id, wait);
        h.Runtime.Exit(c.Id, 0);

        Assert.Equal(0, (await wait.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
        Assert.Equal(["create", "start", "die", "destroy"], await stored);
    }

    [Fact]
    public async Task The_die_of_an_oom_kill_waits_for_the_watchers_oom_event_still_being_stored()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(Sleeper("w4") with { Memory = "32m" }, default);
        await h.Engine.StartAsync(c.Id, default);
        var held = new Gate();
        h.Events.BeforeAppend = e => e.Action == "oom" ? held.PassAsync() : Task.CompletedTask;

        // The kernel's notification comes first; its event is still being written when conmon reports the exit.
        h.Oom.Counts[c.Id] = 1;
        var watcherReport = h.Engine.OnOomAsync(c.Id, new OomReport(DateTimeOffset.UtcNow, 1, 33_000_000, 33_554_432, 42, "sh"));
        await held.Reached;
        var wait = h.Engine.WaitAsync(c.Id, WaitCondition.NotRunning, default);
        var stored = StoredWhenDone(h, c.Id, wait);
        h.Runtime.Exit(c.Id, 137);
        _ = Task.Delay(SlowWrite).ContinueWith(_ => held.Release(), TaskScheduler.Default);

        Assert.Equal(137, (await wait.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
        await watcherReport;
        Assert.Equal(["create", "start", "oom", "die"], await stored);
        var die = h.Events.Events.Single(e => e.ActorId == c.Id && e.Action == "die");
        Assert.Equal("true", die.Attributes["oomKilled"]);
        Assert.Equal("33554432", die.Attributes["memoryLimit"]);
        Assert.Single(h.Events.Events, e => e.ActorId == c.Id && e.Action == "oom");
    }

    [Fact]
    public async Task A_kill_the_exit_path_finds_in_the_counter_is_stored_before_the_wait_completes()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(Sleeper("w5") with { Memory = "32m" }, default);
        await h.Engine.StartAsync(c.Id, default);
        SlowFor(h, "oom", "die");

        var wait = h.Engine.WaitAsync(c.Id, WaitCondition.NextExit, default);
        var stored = StoredWhenDone(h, c.Id, wait);
        h.Oom.Counts[c.Id] = 1; // counted by the kernel, never notified
        h.Runtime.Exit(c.Id, 137);

        Assert.Equal(137, (await wait.WaitAsync(TimeSpan.FromSeconds(10))).StatusCode);
        Assert.Equal(["create", "start", "oom", "die"], await stored);
    }

    [Fact]
    public async Task Stop_returns_after_the_die_and_the_stop_are_stored()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(Sleeper("w6"), default);
        await h.Engine.StartAsync(c.Id, default);
        SlowFor(h, "die");

        var wait = h.Engine.WaitAsync(c.Id, WaitCondition.NotRunning, default);
        var stored = StoredWhenDone(h, c.Id, wait);
        Assert.True(await h.Engine.StopAsync(c.Id, 1, null, default));

        // The stop event may land before the waiter's continuation runs; the die must be there either way.
        Assert.Equal(["create", "start", "die"], (await stored).Take(3));
        Assert.Equal(["create", "start", "die", "stop"], h.Actions(c.Id));
    }
}
