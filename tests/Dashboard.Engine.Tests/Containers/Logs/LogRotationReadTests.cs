using Dashboard.Engine.Containers;
using Dashboard.Engine.Containers.Logs;

namespace Dashboard.Engine.Tests.Containers.Logs;

/// <summary>A rotated log is read as one: ctr.log.1, ctr.log.2, ... (higher is newer) and then ctr.log, unless
/// ctr.log is the newest numbered file itself (a hard link), and a follower moves on when conmon renames a new
/// ctr.log in, losing and repeating nothing.</summary>
public sealed class LogRotationReadTests : IDisposable
{
    private readonly LogDirectory _log = new();

    public void Dispose() => _log.Dispose();

    private static string Lines(int from, int to) =>
        string.Concat(Enumerable.Range(from, to - from + 1).Select(i => LogDirectory.Record(i, $"n{i}")));

    private static List<string> Expected(int from, int to) => Enumerable.Range(from, to - from + 1).Select(i => $"out:n{i}").ToList();

    /// <summary>ctr.log.1 and ctr.log.2 rotated, ctr.log current and linked as ctr.log.3, as the engine leaves them.</summary>
    private void ThreeFiles()
    {
        _log.Write(_log.Rotated(1), Lines(1, 3));
        _log.Write(_log.Rotated(2), Lines(4, 6));
        _log.Write(_log.LogPath, Lines(7, 9));
        _log.Write(_log.LogPath + ".1x", Lines(100, 100)); // not a number: not part of the log
        Assert.Equal(0, Dashboard.Engine.Interop.LibC.Link(_log.LogPath, _log.Rotated(3)));
    }

    [Fact]
    public async Task All_tail_and_since_read_across_the_rotated_files_in_order()
    {
        ThreeFiles();
        Assert.Equal(Expected(1, 9), await _log.ReadAsync(new LogOptions()));
        Assert.Equal(Expected(6, 9), await _log.ReadAsync(new LogOptions { Tail = 4 }));
        Assert.Equal(Expected(3, 9), await _log.ReadAsync(new LogOptions { Tail = 7 }));
        Assert.Equal(Expected(1, 9), await _log.ReadAsync(new LogOptions { Tail = 100 }));
        Assert.Equal(Expected(5, 9), await _log.ReadAsync(new LogOptions { Since = LogDirectory.T0.AddSeconds(5) }));
        Assert.Equal(Expected(2, 4), await _log.ReadAsync(new LogOptions { Since = LogDirectory.T0.AddSeconds(2), Until = LogDirectory.T0.AddSeconds(4.5) }));
    }

    [Fact]
    public async Task A_ctr_log_not_linked_yet_comes_after_the_numbered_files()
    {
        // conmon rotated and the daemon has not linked the new file yet.
        _log.Write(_log.Rotated(7), Lines(1, 2));
        _log.Write(_log.Rotated(8), Lines(3, 4));
        _log.Write(_log.LogPath, Lines(5, 6));
        _log.Write(_log.LogPath + ".tmp", Lines(100, 100)); // conmon's half-made next file is not part of the log
        Assert.Equal(Expected(1, 6), await _log.ReadAsync(new LogOptions()));
        Assert.Equal(Expected(4, 6), await _log.ReadAsync(new LogOptions { Tail = 3 }));
    }

    [Fact]
    public async Task Follow_moves_to_each_new_file_after_draining_the_full_one()
    {
        var set = new LogFileSet(_log.LogPath);
        _log.Write(_log.LogPath, Lines(1, 2));
        set.Sync(maxFiles: 10);
        var done = false;
        var reading = _log.ReadAsync(new LogOptions { Follow = true, Tail = 1 }, () => Volatile.Read(ref done));
        await Task.Delay(150);
        // Lines land in the old file right before conmon renames the new one in: they must not be lost.
        _log.Append(_log.LogPath, Lines(3, 4));
        _log.ConmonRotate(Lines(5, 5));
        await Task.Delay(120);
        set.Sync(maxFiles: 10);
        _log.Append(_log.LogPath, Lines(6, 6));
        // Two quick rotations: the follower finds the middle file by its number.
        _log.ConmonRotate(Lines(7, 7));
        set.Sync(maxFiles: 10);
        _log.ConmonRotate(Lines(8, 8));
        await Task.Delay(120);
        _log.Append(_log.LogPath, Lines(9, 9));
        await Task.Delay(120);
        Volatile.Write(ref done, true);
        Assert.Equal(Expected(2, 9), await reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task Follow_keeps_reading_when_a_new_run_starts_a_new_file()
    {
        // docker start -a of a stopped container: the follower is at the end of the old run's file, and the start
        // makes a new ctr.log (LogFileSet.PrepareForStart).
        var set = new LogFileSet(_log.LogPath);
        var limits = new LogFileLimits(1 << 20, 3);
        _log.Write(_log.LogPath, Lines(1, 2));
        set.Sync(limits.MaxFiles);
        var done = false;
        var reading = _log.ReadAsync(new LogOptions { Follow = true, Tail = 0 }, () => Volatile.Read(ref done));
        await Task.Delay(150);
        set.PrepareForStart(limits);
        _log.Append(_log.LogPath, Lines(3, 4));
        await Task.Delay(150);
        Volatile.Write(ref done, true);
        Assert.Equal(Expected(3, 4), await reading.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task A_read_finishes_the_files_it_opened_when_they_are_rotated_away_meanwhile()
    {
        ThreeFiles();
        var read = new List<string>();
        await foreach (var entry in ContainerLogReader.ReadAsync(_log.LogPath, new LogOptions(), () => true, CancellationToken.None))
        {
            read.Add(LogDirectory.Describe(entry));
            if (read.Count == 1)
            {
                File.Delete(_log.Rotated(1));
                File.Delete(_log.Rotated(2));
            }
        }
        Assert.Equal(Expected(1, 9), read);
    }
}
