using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Containers;

/// <summary>
/// Issue 9 point 3 over fakes: the store fails every write as SQLite does on a full disk. A request that needs a write
/// is undone and answered with StorageFullException (507); an exit, which already happened, is kept with its exit file
/// and written when space returns, also across an engine restart.
/// </summary>
public sealed class ContainerEngineFullDiskTests
{
    private static CreateContainerRequest Sleeper(string name) => new() { Name = name, Image = "busybox", Cmd = ["sleep", "1000"] };

    private static async Task<ContainerRecord> RunningAsync(EngineHarness h, string name)
    {
        var created = await h.Engine.CreateAsync(Sleeper(name), default);
        await h.Engine.StartAsync(created.Id, default);
        return created;
    }

    [Fact]
    public async Task An_exit_on_a_full_disk_keeps_its_exit_file_and_is_written_when_space_returns()
    {
        await using var h = new EngineHarness();
        var c = await RunningAsync(h, "exits");
        h.Store.Full = true;
        var exit = h.Engine.WaitAsync(c.Id, WaitCondition.NextExit, default);
        h.Runtime.Exit(c.Id, 1);
        Assert.Equal(1, (await exit.WaitAsync(TimeSpan.FromSeconds(5))).StatusCode);
        Assert.Equal(ContainerStatus.Exited, h.Engine.Get(c.Id).State.Status);
        Assert.Equal(ContainerStatus.Running, h.Store.Records[c.Id].State.Status); // not written yet
        Assert.Equal(1, h.Runtime.ReadExitCode(c.Id)); // so the exit file stays

        h.Store.Full = false;
        var stored = await h.EventuallyAsync(() => h.Store.Records[c.Id].State, s => s.Status == ContainerStatus.Exited);
        Assert.Equal(ContainerStatus.Exited, stored.Status);
        Assert.Equal(1, stored.ExitCode);
        await h.EventuallyAsync(() => h.Runtime.ReadExitCode(c.Id), code => code is null);
        Assert.Null(h.Runtime.ReadExitCode(c.Id));
    }

    [Fact]
    public async Task An_exit_on_a_full_disk_has_its_exact_code_after_a_restart_before_space_returns()
    {
        await using var h = new EngineHarness();
        var c = await RunningAsync(h, "restarted");
        h.Store.Full = true;
        var exit = h.Engine.WaitAsync(c.Id, WaitCondition.NextExit, default);
        h.Runtime.Exit(c.Id, 1);
        await exit.WaitAsync(TimeSpan.FromSeconds(5));

        await h.Engine.DisposeAsync(); // the daemon stops with the disk still full
        var engine = h.Build();
        await engine.RecoverAsync(default);
        Assert.Equal(1, engine.Get(c.Id).State.ExitCode);
        Assert.Equal(ContainerStatus.Exited, engine.Get(c.Id).State.Status);

        h.Store.Full = false;
        var stored = await h.EventuallyAsync(() => h.Store.Records[c.Id].State, s => s.Status == ContainerStatus.Exited);
        Assert.Equal(1, stored.ExitCode);
    }

    [Fact]
    public async Task A_start_on_a_full_disk_is_undone_and_leaves_the_container_as_it_was()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(Sleeper("nostart"), default);
        h.Store.Full = true;
        var error = await Assert.ThrowsAsync<StorageFullException>(() => h.Engine.StartAsync(c.Id, default));
        Assert.Contains("the disk is full", error.Message);
        Assert.Equal(c, h.Engine.Get(c.Id));
        Assert.Equal(c, h.Store.Records[c.Id]);
        Assert.False(h.Runtime.States.ContainsKey(c.Id), "the runtime still has the container");

        h.Store.Full = false;
        Assert.True(await h.Engine.StartAsync(c.Id, default));
        Assert.Equal(ContainerStatus.Running, h.Store.Records[c.Id].State.Status);
    }

    [Fact]
    public async Task A_create_on_a_full_disk_leaves_nothing()
    {
        await using var h = new EngineHarness();
        h.Store.Full = true;
        await Assert.ThrowsAsync<StorageFullException>(() => h.Engine.CreateAsync(Sleeper("nocreate"), default));
        Assert.Empty(h.Engine.List());
        Assert.Empty(h.Store.Records);
        Assert.Empty(Directory.Exists(Path.Combine(h.Root, "containers")) ? Directory.GetDirectories(Path.Combine(h.Root, "containers")) : []);
    }

    [Fact]
    public async Task A_remove_on_a_full_disk_removes_nothing()
    {
        await using var h = new EngineHarness();
        var c = await RunningAsync(h, "stays");
        await h.Engine.StopAsync(c.Id, 1, null, default);
        h.Store.Full = true;
        await Assert.ThrowsAsync<StorageFullException>(() => h.Engine.RemoveAsync(c.Id, force: true, default));
        Assert.Equal(ContainerStatus.Exited, h.Engine.Get(c.Id).State.Status);
        Assert.True(h.Store.Records.ContainsKey(c.Id));
        Assert.True(Directory.Exists(Path.Combine(h.Root, "containers", c.Id)), "its directory is gone");

        h.Store.Full = false;
        await h.Engine.RemoveAsync(c.Id, force: true, default);
        Assert.Empty(h.Store.Records);
    }

    [Fact]
    public async Task A_limits_update_on_a_full_disk_changes_nothing()
    {
        await using var h = new EngineHarness();
        var c = await RunningAsync(h, "limited");
        var before = h.Engine.Get(c.Id);
        h.Store.Full = true;
        await Assert.ThrowsAsync<StorageFullException>(() => h.Engine.UpdateLimitsAsync(c.Id, new LimitsUpdate { PidsLimit = 50 }, default));
        Assert.False(h.Runtime.Updates.ContainsKey(c.Id), "the kernel got limits the store does not have");
        Assert.Equal(before, h.Engine.Get(c.Id));
    }

    [Fact]
    public async Task A_pause_on_a_full_disk_happens_and_is_written_when_space_returns()
    {
        await using var h = new EngineHarness();
        var c = await RunningAsync(h, "frozen");
        h.Store.Full = true;
        await h.Engine.PauseAsync(c.Id, default);
        Assert.Equal(ContainerStatus.Paused, h.Engine.Get(c.Id).State.Status);
        h.Store.Full = false;
        var stored = await h.EventuallyAsync(() => h.Store.Records[c.Id].State.Status, s => s == ContainerStatus.Paused);
        Assert.Equal(ContainerStatus.Paused, stored);
    }
}
