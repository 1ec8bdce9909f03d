using Dashboard.Engine.Monitoring;

namespace Dashboard.Engine.Tests.Monitoring;

/// <summary>
/// The v2 path on a fake memory cgroup: inotify reports modifications of any file, so rewriting memory.events the way
/// the kernel updates it exercises the real watcher thread. (The v1 eventfd path needs a real cgroup: see the
/// integration tests.)
/// </summary>
public sealed class OomWatcherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("memcg-").FullName;
    private readonly OomWatcher _watcher = new(kernelLogPath: null);

    public OomWatcherTests()
    {
        WriteEvents(oomKill: 1);
        File.WriteAllText(Path.Combine(_dir, "memory.max"), "33554432\n");
        File.WriteAllText(Path.Combine(_dir, "memory.current"), "33550000\n");
    }

    public void Dispose()
    {
        _watcher.Dispose();
        if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
    }

    private void WriteEvents(long oomKill, long max = 0) =>
        File.WriteAllText(Path.Combine(_dir, "memory.events"), $"low 0\nhigh 0\nmax {max}\noom {oomKill}\noom_kill {oomKill}\n");

    private async Task<OomNotification?> NextAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            return await _watcher.Notifications.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    [Fact]
    public async Task A_rising_oom_kill_counter_is_reported_with_usage_and_limit()
    {
        _watcher.Watch("c1", _dir);

        WriteEvents(oomKill: 2);

        var notification = await NextAsync(TimeSpan.FromSeconds(5));
        Assert.NotNull(notification);
        Assert.Equal("c1", notification.Id);
        Assert.Equal(2, notification.Report.OomKillCount);
        Assert.Equal(33550000, notification.Report.MemoryUsageBytes);
        Assert.Equal(33554432, notification.Report.MemoryLimitBytes);
    }

    [Fact]
    public async Task Other_memory_events_and_kills_before_watching_are_not_oom_kills()
    {
        _watcher.Watch("c1", _dir);

        WriteEvents(oomKill: 1, max: 7);

        Assert.Null(await NextAsync(TimeSpan.FromMilliseconds(400)));
    }

    [Fact]
    public async Task Unwatched_containers_are_silent()
    {
        _watcher.Watch("c1", _dir);
        _watcher.Unwatch("c1");

        WriteEvents(oomKill: 5);

        Assert.Null(await NextAsync(TimeSpan.FromMilliseconds(400)));
        Assert.Empty(_watcher.WatchedIds);
    }

    [Fact]
    public async Task A_removed_cgroup_drops_its_watch()
    {
        _watcher.Watch("c1", _dir);

        Directory.Delete(_dir, recursive: true);

        for (var i = 0; i < 100 && _watcher.WatchedIds.Count > 0; i++) await Task.Delay(20);
        Assert.Empty(_watcher.WatchedIds);
    }

    [Fact]
    public void A_directory_that_is_not_a_memory_cgroup_is_refused()
    {
        var other = Directory.CreateTempSubdirectory("not-memcg-").FullName;
        try
        {
            Assert.Throws<DirectoryNotFoundException>(() => _watcher.Watch("c1", other));
        }
        finally
        {
            Directory.Delete(other);
        }
    }

    [Fact]
    public void Dispose_completes_the_notifications()
    {
        _watcher.Watch("c1", _dir);

        _watcher.Dispose();

        Assert.True(_watcher.Notifications.Completion.IsCompleted);
        Assert.Throws<ObjectDisposedException>(() => _watcher.Watch("c2", _dir));
    }
}
