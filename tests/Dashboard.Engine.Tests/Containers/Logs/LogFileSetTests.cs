using Dashboard.Engine.Containers.Logs;

namespace Dashboard.Engine.Tests.Containers.Logs;

/// <summary>The engine's side of rotation: the file conmon writes is always also linked under the next number, so
/// conmon's rename of a new ctr.log over it keeps the full one, and only the newest max-file files stay.</summary>
public sealed class LogFileSetTests : IDisposable
{
    private readonly LogDirectory _log = new();
    private readonly LogFileSet _set;

    public LogFileSetTests() => _set = new LogFileSet(_log.LogPath);

    public void Dispose() => _log.Dispose();

    private long[] Numbers() => _set.Rotated().Select(r => r.Sequence).ToArray();

    private bool SameFile(string a, string b) => LogNative.Stat(a)?.Id == LogNative.Stat(b)?.Id;

    [Fact]
    public void Sync_links_each_new_file_once_and_keeps_the_newest_max_files()
    {
        _log.Write(_log.LogPath, "first\n");
        _set.Sync(3);
        _set.Sync(3);
        Assert.Equal([1L], Numbers());
        Assert.True(SameFile(_log.LogPath, _log.Rotated(1)));
        for (var i = 2; i <= 5; i++)
        {
            _log.ConmonRotate($"file {i}\n");
            _set.Sync(3);
        }
        Assert.Equal([3L, 4L, 5L], Numbers());
        Assert.True(SameFile(_log.LogPath, _log.Rotated(5)));
        Assert.Equal("file 4\n", File.ReadAllText(_log.Rotated(4)));
        Assert.False(File.Exists(_log.LogPath + ".tmp"));
    }

    [Fact]
    public void With_one_file_nothing_is_linked_and_leftover_numbered_files_go()
    {
        _log.Write(_log.Rotated(4), "old\n");
        _log.Write(_log.LogPath, "current\n");
        _set.Sync(1);
        Assert.Empty(Numbers());
        Assert.Equal("current\n", File.ReadAllText(_log.LogPath));
    }

    [Fact]
    public void A_start_with_a_limit_keeps_the_old_run_as_a_rotated_file_and_begins_an_empty_linked_one()
    {
        var limits = new LogFileLimits(1 << 20, 3);
        _log.Write(_log.LogPath, "run 1\n");
        _set.PrepareForStart(limits);
        Assert.Equal("run 1\n", File.ReadAllText(_log.Rotated(1)));
        Assert.Equal(0, new FileInfo(_log.LogPath).Length);
        Assert.True(SameFile(_log.LogPath, _log.Rotated(2)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_log.LogPath));
        // An empty log is kept as it is: starts that print nothing do not use up the files.
        _set.PrepareForStart(limits);
        Assert.Equal([1L, 2L], Numbers());
    }

    [Fact]
    public void A_start_without_a_limit_appends_to_ctr_log()
    {
        _log.Write(_log.LogPath, "run 1\n");
        _set.PrepareForStart(LogFileLimits.Unbounded);
        Assert.Equal("run 1\n", File.ReadAllText(_log.LogPath));
        Assert.Empty(Numbers());
    }
}
