using Dashboard.Engine.Monitoring;
using Dashboard.Engine.Runtime;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.IntegrationTests.Runtime;

/// <summary>Real containers through conmon + runc. Sequential: they share the /dashboard-test cgroup parent.</summary>
[Collection(RuntimeCollection.Name)]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class ConmonRuntimeTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    [RuntimeFact]
    public async Task Exit_code_and_output_are_recorded_by_conmon()
    {
        await using var host = await RuntimeTestHost.CreateAsync();
        await using var exits = new ExitWatcher(host.Runtime.Paths.ExitDir);
        exits.Start();
        var bundle = host.Bundle(["sh", "-c", "echo hello; exit 3"]);

        var created = await host.Runtime.CreateAsync(new RuntimeCreateRequest(bundle.Id, bundle.Dir, host.LogPath(bundle.Id)), CancellationToken.None);
        Assert.True(created.Pid > 0);
        Assert.Equal("created", (await host.Runtime.StateAsync(bundle.Id, CancellationToken.None))!.Status);
        await host.Runtime.StartAsync(bundle.Id, CancellationToken.None);

        var exited = await NextExitAsync(exits, bundle.Id);
        Assert.Equal(3, exited.ExitCode);
        Assert.Equal(3, host.Runtime.ReadExitCode(bundle.Id));
        var log = await File.ReadAllTextAsync(host.LogPath(bundle.Id));
        Assert.Matches(@"^\S+ stdout F hello$", log.Trim());

        await host.Runtime.DeleteAsync(bundle.Id, force: false, CancellationToken.None);
        Assert.Null(await host.Runtime.StateAsync(bundle.Id, CancellationToken.None));
        host.Runtime.CleanupFiles(bundle.Id);
        Assert.Null(host.Runtime.ReadExitCode(bundle.Id));
    }

    [RuntimeFact]
    public async Task Long_running_container_is_detached_pausable_updatable_and_killable()
    {
        await using var host = await RuntimeTestHost.CreateAsync();
        await using var exits = new ExitWatcher(host.Runtime.Paths.ExitDir);
        exits.Start();
        var bundle = host.Bundle(["sleep", "1000"]);
        var ct = CancellationToken.None;

        var created = await host.Runtime.CreateAsync(new RuntimeCreateRequest(bundle.Id, bundle.Dir, host.LogPath(bundle.Id)), ct);
        await host.Runtime.StartAsync(bundle.Id, ct);
        var state = await host.Runtime.StateAsync(bundle.Id, ct);
        Assert.Equal("running", state!.Status);
        Assert.Equal(created.Pid, state.Pid);
        // Our layout names exactly the directories runc made (every v1 hierarchy, name=systemd, hybrid's unified).
        Assert.All(host.Cgroup(bundle).AllDirectories(), dir => Assert.True(Directory.Exists(dir), dir));

        // conmon lives on its own: not our child, not in our session, so the daemon's death does not touch it.
        Assert.True(RuntimeTestHost.IsConmon(created.ConmonPid));
        var (parent, session) = RuntimeTestHost.ParentAndSession(created.ConmonPid);
        Assert.NotEqual(Environment.ProcessId, parent);
        Assert.NotEqual(RuntimeTestHost.ParentAndSession(Environment.ProcessId).SessionId, session);
        Assert.Equal(created.ConmonPid, RuntimeTestHost.ParentAndSession(created.Pid).ParentPid);

        await host.Runtime.PauseAsync(bundle.Id, ct);
        Assert.Equal("paused", (await host.Runtime.StateAsync(bundle.Id, ct))!.Status);
        Assert.Equal("FROZEN", File.ReadAllText(Path.Combine(host.Cgroup(bundle).FreezerDir!, "freezer.state")).Trim());
        await host.Runtime.ResumeAsync(bundle.Id, ct);
        Assert.Equal("running", (await host.Runtime.StateAsync(bundle.Id, ct))!.Status);

        await host.Runtime.UpdateAsync(bundle.Id, new ResourceLimits { CpuQuota = 25000, CpuPeriod = 100000, PidsLimit = 42, MemoryBytes = 64L << 20 }, ct);
        var limits = host.Cgroup(bundle).ReadLimits();
        Assert.Equal(25000, limits.CpuQuota);
        Assert.Equal(100000, limits.CpuPeriod);
        Assert.Equal(42, limits.PidsLimit);
        Assert.Equal(64L << 20, limits.MemoryLimitBytes);

        // PID 1 of a pid namespace has no SIGTERM handler here, so the kernel drops SIGTERM (as with docker without --init).
        await host.Runtime.KillAsync(bundle.Id, 15, all: false, ct);
        await Task.Delay(300);
        Assert.Equal("running", (await host.Runtime.StateAsync(bundle.Id, ct))!.Status);

        await host.Runtime.KillAsync(bundle.Id, 9, all: false, ct);
        var exited = await NextExitAsync(exits, bundle.Id);
        Assert.Equal(137, exited.ExitCode);
        Assert.Equal("stopped", (await host.Runtime.StateAsync(bundle.Id, ct))!.Status);
        await host.Runtime.DeleteAsync(bundle.Id, force: false, ct);
        Assert.DoesNotContain(host.Cgroup(bundle).AllDirectories(), Directory.Exists);
    }

    [RuntimeFact]
    public async Task Sigterm_with_a_handler_reports_143()
    {
        await using var host = await RuntimeTestHost.CreateAsync();
        await using var exits = new ExitWatcher(host.Runtime.Paths.ExitDir);
        exits.Start();
        var bundle = host.Bundle(["sh", "-c", "trap 'exit 143' TERM; while true; do sleep 0.1; done"]);
        var ct = CancellationToken.None;
        await host.Runtime.CreateAsync(new RuntimeCreateRequest(bundle.Id, bundle.Dir, host.LogPath(bundle.Id)), ct);
        await host.Runtime.StartAsync(bundle.Id, ct);
        await SignalDisposition.TrappedAsync((await host.Runtime.StateAsync(bundle.Id, ct))!.Pid);

        await host.Runtime.KillAsync(bundle.Id, 15, all: false, ct);

        Assert.Equal(143, (await NextExitAsync(exits, bundle.Id)).ExitCode);
    }

    [RuntimeFact]
    public async Task Failed_create_throws_the_runtime_message_and_leaves_nothing()
    {
        await using var host = await RuntimeTestHost.CreateAsync();
        var bundle = host.Bundle(["/bin/no-such-binary"]);

        var error = await Assert.ThrowsAsync<Engine.OciRuntimeException>(() =>
            host.Runtime.CreateAsync(new RuntimeCreateRequest(bundle.Id, bundle.Dir, host.LogPath(bundle.Id)), CancellationToken.None));

        Assert.Contains("no-such-binary", error.Message);
        Assert.DoesNotContain("level=error", error.Message);
        Assert.Null(await host.Runtime.StateAsync(bundle.Id, CancellationToken.None));
        Assert.False(File.Exists(host.Runtime.Paths.ConmonPidFile(bundle.Id)));
        Assert.False(File.Exists(host.Runtime.Paths.ExitFile(bundle.Id)));
        await Eventually.AssertAsync(() => Assert.Empty(ProcessesMentioning(bundle.Id)));
    }

    [RuntimeFact]
    public async Task Creating_an_existing_id_again_fails_without_harming_the_first()
    {
        await using var host = await RuntimeTestHost.CreateAsync();
        var bundle = host.Bundle(["sleep", "1000"]);
        var request = new RuntimeCreateRequest(bundle.Id, bundle.Dir, host.LogPath(bundle.Id));
        var first = await host.Runtime.CreateAsync(request, CancellationToken.None);

        var error = await Assert.ThrowsAsync<Engine.OciRuntimeException>(() => host.Runtime.CreateAsync(request, CancellationToken.None));

        Assert.Contains("exists", error.Message);
        var state = await host.Runtime.StateAsync(bundle.Id, CancellationToken.None);
        Assert.Equal(("created", first.Pid), (state!.Status, state.Pid));
        Assert.Equal(first.ConmonPid, host.Runtime.ReadConmonPid(bundle.Id));
    }

    [RuntimeFact]
    public async Task State_of_an_unknown_container_is_null_and_delete_succeeds()
    {
        await using var host = await RuntimeTestHost.CreateAsync();
        var id = RuntimeTestHost.NewId();
        Assert.Null(await host.Runtime.StateAsync(id, CancellationToken.None));
        await host.Runtime.DeleteAsync(id, force: true, CancellationToken.None);
        await Assert.ThrowsAsync<Engine.OciRuntimeException>(() => host.Runtime.StartAsync(id, CancellationToken.None));
    }

    /// <summary>Pids whose command line mentions <paramref name="text"/> (a leftover conmon or runc would).</summary>
    private static List<int> ProcessesMentioning(string text)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                if (File.ReadAllText(Path.Combine(dir, "cmdline")).Contains(text)) pids.Add(pid);
            }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
        return pids;
    }

    internal static async Task<ContainerExited> NextExitAsync(ExitWatcher exits, string id)
    {
        using var timeout = new CancellationTokenSource(Patience);
        await foreach (var exit in exits.Exits.ReadAllAsync(timeout.Token))
            if (exit.Id == id) return exit;
        throw new TimeoutException($"no exit for {id}");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class RuntimeCollection
{
    public const string Name = "runtime";
}
