using Dashboard.Engine.Monitoring;

namespace Dashboard.Engine.Tests.Monitoring;

public sealed class ExitWatcherTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("exits-").FullName;
    private ExitWatcher _watcher = null!;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _watcher.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private void Start(TimeSpan? poll = null)
    {
        _watcher = new ExitWatcher(_dir, pollInterval: poll);
        _watcher.Start();
    }

    private async Task<ContainerExited> NextAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return await _watcher.Exits.ReadAsync(timeout.Token);
    }

    private async Task<bool> NothingWithinAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await _watcher.Exits.ReadAsync(timeout.Token);
            return false;
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    [Fact]
    public async Task A_new_exit_file_is_reported_with_its_code_and_write_time()
    {
        Start();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);

        await File.WriteAllTextAsync(Path.Combine(_dir, "abc"), "137");

        var exit = await NextAsync();
        Assert.Equal("abc", exit.Id);
        Assert.Equal(137, exit.ExitCode);
        Assert.InRange(exit.Time, before, DateTimeOffset.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Exits_written_as_conmon_writes_them_are_reported_by_inotify_not_by_the_poll()
    {
        // Issue 10 point 2: the die must follow the exit within milliseconds. With an hour between polls, every report
        // here comes from the directory watcher: conmon writes "ID.XXXXXX" and renames it to ID, and a burst of them
        // (a host stopping many containers) must each be seen, none left for a poll that never comes.
        Start(TimeSpan.FromHours(1));
        var ids = Enumerable.Range(0, 40).Select(i => $"c{i:D2}").ToList();

        foreach (var id in ids)
        {
            var temp = Path.Combine(_dir, id + ".A1b2C3");
            await File.WriteAllTextAsync(temp, "137");
            File.Move(temp, Path.Combine(_dir, id));
        }

        var seen = new List<string>();
        while (seen.Count < ids.Count) seen.Add((await NextAsync()).Id);
        Assert.Equal(ids, seen.Order());
    }

    [Fact]
    public async Task Files_present_at_start_are_reported_once()
    {
        await File.WriteAllTextAsync(Path.Combine(_dir, "old"), "0");
        Start(TimeSpan.FromMilliseconds(50));

        var exit = await NextAsync();
        Assert.Equal(("old", 0), (exit.Id, exit.ExitCode));
        Assert.True(await NothingWithinAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task Conmon_temporary_files_and_partial_content_are_ignored_until_complete()
    {
        Start(TimeSpan.FromMilliseconds(50));
        await File.WriteAllTextAsync(Path.Combine(_dir, "abc.X1Y2Z3"), "3");
        await File.WriteAllTextAsync(Path.Combine(_dir, "abc"), "");
        Assert.True(await NothingWithinAsync(TimeSpan.FromMilliseconds(300)));

        await File.WriteAllTextAsync(Path.Combine(_dir, "abc"), "3");

        var exit = await NextAsync();
        Assert.Equal(("abc", 3), (exit.Id, exit.ExitCode));
    }

    [Fact]
    public async Task A_removed_and_rewritten_file_is_a_new_exit()
    {
        Start(TimeSpan.FromMilliseconds(50));
        var path = Path.Combine(_dir, "abc");
        await File.WriteAllTextAsync(path, "1");
        Assert.Equal(1, (await NextAsync()).ExitCode);

        File.Delete(path);
        await Task.Delay(200);
        await File.WriteAllTextAsync(path, "2");

        Assert.Equal(2, (await NextAsync()).ExitCode);
    }

    [Fact]
    public async Task Forward_hands_each_exit_to_the_handler_and_survives_its_failures()
    {
        Start(TimeSpan.FromMilliseconds(50));
        var seen = new List<string>();
        var forward = _watcher.ForwardAsync(exit =>
        {
            seen.Add(exit.Id);
            return exit.Id == "bad" ? throw new InvalidOperationException("handler bug") : Task.CompletedTask;
        }, CancellationToken.None);

        await File.WriteAllTextAsync(Path.Combine(_dir, "bad"), "1");
        for (var i = 0; i < 100 && seen.Count < 1; i++) await Task.Delay(20);
        await File.WriteAllTextAsync(Path.Combine(_dir, "good"), "0");
        for (var i = 0; i < 100 && seen.Count < 2; i++) await Task.Delay(20);
        await _watcher.StopAsync();
        await forward;

        Assert.Equal(["bad", "good"], seen);
    }

    [Fact]
    public async Task Stop_completes_the_channel()
    {
        Start();

        await _watcher.StopAsync();

        Assert.True(_watcher.Exits.Completion.IsCompleted);
    }
}
