using Dashboard.Engine.Monitoring;
using Dashboard.Engine.Runtime;

namespace Dashboard.Engine.IntegrationTests.Runtime;

[Collection(RuntimeCollection.Name)]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class OomTests
{
    [RuntimeFact]
    public async Task Memory_hog_under_32m_is_oom_killed_and_reported_by_the_kernel()
    {
        await using var host = await RuntimeTestHost.CreateAsync();
        await using var exits = new ExitWatcher(host.Runtime.Paths.ExitDir);
        exits.Start();
        using var oom = new OomWatcher();
        const long limit = 32L << 20;
        var bundle = host.Bundle(["sh", "-c", "x=0123456789abcdef; while true; do x=$x$x; done"], limit);
        var ct = CancellationToken.None;

        await host.Runtime.CreateAsync(new RuntimeCreateRequest(bundle.Id, bundle.Dir, host.LogPath(bundle.Id)), ct);
        var memoryDir = host.Cgroup(bundle).MemoryDir!;
        Assert.Equal(limit, host.Cgroup(bundle).ReadLimits().MemoryLimitBytes);
        oom.Watch(bundle.Id, memoryDir);
        await host.Runtime.StartAsync(bundle.Id, ct);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var notification = await oom.Notifications.ReadAsync(timeout.Token);
        Assert.Equal(bundle.Id, notification.Id);
        Assert.True(notification.Report.OomKillCount >= 1);
        Assert.Equal(limit, notification.Report.MemoryLimitBytes);
        // The kernel log names the victim: the shell that is PID 1 in the container.
        Assert.Equal("sh", notification.Report.VictimCommand);
        Assert.True(notification.Report.VictimPid > 0);

        var exited = await ConmonRuntimeTests.NextExitAsync(exits, bundle.Id);
        Assert.Equal(137, exited.ExitCode);
        oom.Unwatch(bundle.Id);
        Assert.Empty(oom.WatchedIds);
    }

    [RuntimeFact]
    public async Task Conmon_writes_its_oom_file_in_the_containers_run_directory_not_the_daemons()
    {
        // conmon creates "oom" in its working directory on every OOM kill; started from the daemon's directory, that
        // was the source tree under dotnet run. Start from an empty directory and check that it stays empty.
        using var cwd = new TemporaryCurrentDirectory();
        await using var host = await RuntimeTestHost.CreateAsync();
        await using var exits = new ExitWatcher(host.Runtime.Paths.ExitDir);
        exits.Start();
        var bundle = host.Bundle(["sh", "-c", "x=0123456789abcdef; while true; do x=$x$x; done"], 32L << 20);
        var ct = CancellationToken.None;

        await host.Runtime.CreateAsync(new RuntimeCreateRequest(bundle.Id, bundle.Dir, host.LogPath(bundle.Id)), ct);
        var runDir = host.Runtime.Paths.ConmonWorkDir(bundle.Id);
        Assert.True(Directory.Exists(runDir), "conmon's working directory is the container's run directory");
        await host.Runtime.StartAsync(bundle.Id, ct);
        Assert.Equal(137, (await ConmonRuntimeTests.NextExitAsync(exits, bundle.Id)).ExitCode);

        // conmon handles the OOM event and the exit in one loop; the file may trail the exit file by a moment.
        var oomFile = Path.Combine(runDir, "oom");
        for (var i = 0; i < 50 && !File.Exists(oomFile); i++) await Task.Delay(20);
        Assert.True(File.Exists(oomFile), $"conmon's oom file is in {runDir}: [{string.Join(", ", Directory.GetFileSystemEntries(runDir))}]");
        Assert.Empty(cwd.Entries());

        await host.Runtime.DeleteAsync(bundle.Id, force: true, ct);
        host.Runtime.CleanupFiles(bundle.Id);
        Assert.False(Directory.Exists(runDir), "the run directory goes with the container's runtime files");
    }
}
