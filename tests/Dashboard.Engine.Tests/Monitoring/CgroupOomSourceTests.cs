using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Monitoring;
using Dashboard.Engine.Tests.Cgroups;

namespace Dashboard.Engine.Tests.Monitoring;

public sealed class CgroupOomSourceTests : IDisposable
{
    private readonly OomWatcher _watcher = new(kernelLogPath: null);

    public void Dispose() => _watcher.Dispose();

    private CgroupOomSource Source(string root) =>
        new(CgroupLayout.FromDirectory(root), "/dashboard/", _watcher);

    [Fact]
    public void Oom_kill_counters_come_from_the_container_memory_cgroup()
    {
        Assert.Equal(2, Source(CgroupFixtures.V1Root).ReadOomKillCount("c1"));
        Assert.Equal(3, Source(CgroupFixtures.V2Root).ReadOomKillCount("c1"));
        Assert.Equal(0, Source(CgroupFixtures.V1Root).ReadOomKillCount("unlimited"));
        Assert.Equal(0, Source(CgroupFixtures.V1Root).ReadOomKillCount("missing"));
    }

    [Fact]
    public void Memory_dir_follows_the_configured_parent()
    {
        Assert.Equal(Path.Combine(CgroupFixtures.V1Root, "memory", "dashboard", "c1"), Source(CgroupFixtures.V1Root).MemoryDir("c1"));
    }

    [Fact]
    public void Watching_a_container_without_a_cgroup_is_logged_not_thrown()
    {
        var source = Source(CgroupFixtures.V1Root);

        source.Watch("missing");

        Assert.Empty(_watcher.WatchedIds);
    }

    [Fact]
    public void Watch_and_unwatch_reach_the_watcher()
    {
        var source = Source(CgroupFixtures.V2Root);

        source.Watch("c1");
        Assert.Equal(["c1"], _watcher.WatchedIds);
        source.Unwatch("c1");
        Assert.Empty(_watcher.WatchedIds);
    }

    [Fact]
    public async Task Forward_converts_notifications_to_engine_reports()
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<OomNotification>();
        var time = DateTimeOffset.UtcNow;
        channel.Writer.TryWrite(new OomNotification("c1", new Dashboard.Engine.Containers.OomReport(time, 2, 100, 200, 42, "sh")));
        channel.Writer.Complete();
        var seen = new List<(string, Dashboard.Engine.Containers.OomReport)>();

        await CgroupOomSource.ForwardAsync(channel.Reader, (id, report) => { seen.Add((id, report)); return Task.CompletedTask; }, null, CancellationToken.None);

        Assert.Equal([("c1", new Dashboard.Engine.Containers.OomReport(time, 2, 100, 200, 42, "sh"))], seen);
    }
}
