using System.Text;
using System.Threading.Channels;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Containers.Logs;

namespace Dashboard.Engine.Tests.Containers.Logs;

/// <summary>
/// A follower is woken by inotify, not by a timer: its clock is frozen (no timer it arms ever fires), so a line it
/// passes on can only have been noticed through the daemon's inotify instance. The same follow without inotify, on
/// a fake clock, sees the line only when that clock fires its poll timer: the control that shows the clock is what
/// the old follow waited for.
/// </summary>
public sealed class LogFollowWakeTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);
    private readonly string _dir = Directory.CreateTempSubdirectory("logwake-").FullName;
    private string LogPath => Path.Combine(_dir, "ctr.log");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Line(int n) => $"2026-12-07T20:00:{n % 60:00}.000000000+00:00 stdout F line {n}\n";

    private static ChannelReader<string> Follow(string path, Func<bool> isDone, LogChangeSignal? changes, Task? finished,
        TimeProvider time, CancellationToken token)
    {
        var lines = Channel.CreateUnbounded<string>();
        _ = Task.Run(async () =>
        {
            try
            {
                await foreach (var entry in ContainerLogReader.ReadAsync(path, new LogOptions { Follow = true }, isDone, changes, finished, time, token))
                    await lines.Writer.WriteAsync(Encoding.UTF8.GetString(entry.Content).TrimEnd('\n'), token);
                lines.Writer.TryComplete();
            }
            catch (Exception ex)
            {
                lines.Writer.TryComplete(ex);
            }
        }, token);
        return lines.Reader;
    }

    [Fact]
    public async Task Appended_lines_reach_a_follower_whose_timers_never_fire()
    {
        await File.WriteAllTextAsync(LogPath, Line(0));
        using var watcher = new LogRotationWatcher();
        using var changes = watcher.Follow(LogPath);
        Assert.True(changes.IsWatched);
        using var stop = new CancellationTokenSource(Patience * 4);
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = Follow(LogPath, () => finished.Task.IsCompleted, changes, finished.Task, new FrozenTime(), stop.Token);

        Assert.Equal("line 0", await lines.ReadAsync(stop.Token).AsTask().WaitAsync(Patience));
        for (var n = 1; n <= 5; n++)
        {
            await File.AppendAllTextAsync(LogPath, Line(n));
            Assert.Equal($"line {n}", await lines.ReadAsync(stop.Token).AsTask().WaitAsync(Patience));
        }
        // A line written right before the end is drained, then the follow ends with the run.
        await File.AppendAllTextAsync(LogPath, Line(6));
        finished.SetResult();
        Assert.Equal("line 6", await lines.ReadAsync(stop.Token).AsTask().WaitAsync(Patience));
        Assert.False(await lines.WaitToReadAsync(stop.Token).AsTask().WaitAsync(Patience));
    }

    [Fact]
    public async Task Without_inotify_the_same_follow_sees_a_line_only_when_its_poll_timer_fires()
    {
        await File.WriteAllTextAsync(LogPath, Line(0));
        using var stop = new CancellationTokenSource(Patience * 4);
        var time = new TimerCountingTime();
        var lines = Follow(LogPath, () => false, changes: null, finished: null, time, stop.Token);
        Assert.Equal("line 0", await lines.ReadAsync(stop.Token).AsTask().WaitAsync(Patience));
        // Having passed line 0 on, the follow found nothing more and arms its poll timer: from here only that timer
        // can wake it.
        await Eventually.TrueAsync(() => time.TimersCreated > 0, "the follow to arm its poll timer");
        await File.AppendAllTextAsync(LogPath, Line(1));
        Assert.False(lines.TryRead(out _));
        time.Advance(ContainerLogReader.PollInterval);
        Assert.Equal("line 1", await lines.ReadAsync(stop.Token).AsTask().WaitAsync(Patience));
        await stop.CancelAsync();
    }

    [Fact]
    public async Task A_new_file_renamed_in_wakes_the_follower_which_moves_on_to_it()
    {
        await File.WriteAllTextAsync(LogPath, Line(0));
        using var watcher = new LogRotationWatcher();
        using var changes = watcher.Follow(LogPath);
        using var stop = new CancellationTokenSource(Patience * 4);
        var lines = Follow(LogPath, () => false, changes, null, new FrozenTime(), stop.Token);
        Assert.Equal("line 0", await lines.ReadAsync(stop.Token).AsTask().WaitAsync(Patience));
        // What conmon does when the file is full: a new file renamed over ctr.log.
        var next = Path.Combine(_dir, "ctr.log.tmp");
        await File.WriteAllTextAsync(next, Line(1));
        File.Move(next, LogPath, overwrite: true);
        Assert.Equal("line 1", await lines.ReadAsync(stop.Token).AsTask().WaitAsync(Patience));
        await stop.CancelAsync();
    }

    [Fact]
    public void Followers_share_the_daemons_one_inotify_instance_and_leave_no_watch_behind()
    {
        File.WriteAllText(LogPath, Line(0));
        using var watcher = new LogRotationWatcher();
        var instances = InotifyInstances();
        var followers = Enumerable.Range(0, 20).Select(_ => watcher.Follow(LogPath)).ToList();
        Assert.Equal(instances, InotifyInstances());
        Assert.Equal(1, watcher.WatchedDirectoryCount);
        foreach (var follower in followers) follower.Dispose();
        Assert.Equal(0, watcher.WatchedDirectoryCount);
    }

    private static int InotifyInstances() =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Count(fd => fd.LinkTarget == "anon_inode:inotify");

    /// <summary>A fake clock that says how many timers were armed on it.</summary>
    private sealed class TimerCountingTime : Microsoft.Extensions.Time.Testing.FakeTimeProvider
    {
        private int _timers;

        public int TimersCreated => Volatile.Read(ref _timers);

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            // Counted once the timer is armed: a test that advances the clock after seeing the count fires it.
            var timer = base.CreateTimer(callback, state, dueTime, period);
            Interlocked.Increment(ref _timers);
            return timer;
        }
    }

    /// <summary>A clock that stands still: its timers never fire.</summary>
    private sealed class FrozenTime : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(2026, 12, 7, 20, 0, 0, TimeSpan.Zero);

        public override long GetTimestamp() => 0;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new NeverFires();

        private sealed class NeverFires : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => true;
            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
