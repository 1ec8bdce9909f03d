using Dashboard.Engine.Monitoring;
using Dashboard.Engine.Runtime;

namespace Dashboard.Engine.IntegrationTests.Runtime;

[Collection(RuntimeCollection.Name)]
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
        Assert.True(notification.OomKillCount >= 1);
        Assert.Equal(limit, notification.MemoryLimitBytes);
        // The kernel log names the victim: the shell that is PID 1 in the container.
        Assert.Equal("sh", notification.VictimCommand);
        Assert.True(notification.VictimPid > 0);

        var exited = await ConmonRuntimeTests.NextExitAsync(exits, bundle.Id);
        Assert.Equal(137, exited.ExitCode);
        oom.Unwatch(bundle.Id);
        Assert.Empty(oom.WatchedIds);
    }
}
