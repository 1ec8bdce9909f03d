using System.Text;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Containers.Logs;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.IntegrationTests.Containers;

/// <summary>Real conmon with --log-size-max and the engine's rotation: a container's log files never exceed their
/// bound however fast it writes, and the engine reads them back as one log, newest lines last.</summary>
[Collection("real containers")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class LogRotationTests
{
    private const long MaxSize = 100_000;

    private static CreateContainerRequest Writer(string script, int maxFiles) => new()
    {
        Image = "busybox",
        Cmd = ["sh", "-c", script],
        LogOptions = new Dictionary<string, string> { ["max-size"] = "100k", ["max-file"] = maxFiles.ToString() },
    };

    /// <summary>The bytes of every log file of the container (ctr.log, ctr.log.N, conmon's ctr.log.tmp), each
    /// inode once: ctr.log is also the newest numbered file.</summary>
    private static (long Bytes, int Files) OnDisk(EngineFixture f, string id)
    {
        var directory = Path.GetDirectoryName(f.Engine.LogPath(id))!;
        var seen = new HashSet<FileIdentity>();
        long bytes = 0;
        foreach (var path in Directory.EnumerateFiles(directory, "ctr.log*"))
        {
            // null: rotated away between listing and looking
            if (LogNative.Stat(path) is { } stat && seen.Add(stat.Id)) bytes += stat.Size;
        }
        return (bytes, seen.Count);
    }

    private static async Task<List<string>> LinesAsync(EngineFixture f, string id, LogOptions options)
    {
        var lines = new List<string>();
        await foreach (var entry in f.Engine.ReadLogsAsync(id, options, CancellationToken.None))
            lines.Add(Encoding.UTF8.GetString(entry.Content).TrimEnd('\n'));
        return lines;
    }

    private static void AssertLines(List<string> expected, List<string> actual, string what)
    {
        var at = Enumerable.Range(0, Math.Min(expected.Count, actual.Count)).FirstOrDefault(i => expected[i] != actual[i], -1);
        if (at < 0 && expected.Count == actual.Count) return;
        if (at < 0) at = Math.Min(expected.Count, actual.Count);
        Assert.Fail($"{what}: {actual.Count} lines, expected {expected.Count}; from line {at}: " +
            $"[{string.Join(", ", actual.Skip(at).Take(5))}] instead of [{string.Join(", ", expected.Skip(at).Take(5))}]");
    }

    /// <summary>Samples the log's size on disk until the container exits; returns the largest seen.</summary>
    private static async Task<long> WatchSizeUntilExitAsync(EngineFixture f, string id, Task exit)
    {
        long largest = 0;
        while (!exit.IsCompleted)
        {
            largest = Math.Max(largest, OnDisk(f, id).Bytes);
            await Task.Delay(2);
        }
        return Math.Max(largest, OnDisk(f, id).Bytes);
    }

    [SkippableFact]
    public async Task A_flood_of_output_never_grows_the_log_past_its_bound()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        // yes writes as fast as conmon can take it (hundreds of MB/s here); the numbered lines come last.
        // The echo ends the line yes may have been killed in the middle of.
        var created = await f.Engine.CreateAsync(Writer("timeout 1 yes 0123456789-this-line-is-repeated; echo; seq 1 50", maxFiles: 2), CancellationToken.None);
        var exit = f.Engine.WaitAsync(created.Id, WaitCondition.NextExit, CancellationToken.None);
        await f.Engine.StartAsync(created.Id, CancellationToken.None);
        var largest = await WatchSizeUntilExitAsync(f, created.Id, exit);
        await exit.WaitAsync(TimeSpan.FromSeconds(30));

        // max-file files of max-size each, plus, for the moment between conmon's rotation and the daemon's link,
        // the start of one more (see the README): never more than (max-file + 1) x max-size.
        Assert.True(largest <= 3 * MaxSize, $"the log reached {largest} bytes");
        var (bytes, files) = OnDisk(f, created.Id);
        Assert.True(bytes <= 2 * MaxSize && files <= 2, $"{files} files of {bytes} bytes after the exit");
        Assert.Equal(Enumerable.Range(1, 50).Select(i => i.ToString()), (await LinesAsync(f, created.Id, new LogOptions { Tail = 50 })));
        var all = await LinesAsync(f, created.Id, new LogOptions());
        Assert.True(all.Count > 1000, $"only {all.Count} lines kept");
        Assert.Equal(Enumerable.Range(1, 50).Select(i => i.ToString()), all.TakeLast(50));
        // A few may be pieces: the oldest kept line can be the end of one whose start was in a file conmon dropped,
        // the last before the numbers is the line yes was killed in, and a flood this fast can outrun the daemon
        // linking a file (then that file's lines are lost, and two pieces meet).
        var pieces = all.SkipLast(50).Where(line => line != "0123456789-this-line-is-repeated").ToList();
        Assert.True(pieces.Count <= 4, $"{pieces.Count} lines are not whole: {string.Join(" | ", pieces.Take(5))}");
    }

    [SkippableFact]
    public async Task Lines_written_across_many_rotations_are_all_kept_once_in_order_and_a_follower_sees_them_all()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        // 20 000 numbered lines (about 1 MB of log) in bursts of 50 KB: a rotation every other burst, some 300 ms
        // apart. That is "the normal case": the daemon links each new file long before conmon replaces it. (A flood
        // that outruns it loses whole files but stays within the bound: the test above.)
        var created = await f.Engine.CreateAsync(
            Writer("i=0; while [ $i -lt 20 ]; do seq $((i*1000+1)) $((i*1000+1000)); i=$((i+1)); usleep 150000; done", maxFiles: 40),
            CancellationToken.None);
        var exit = f.Engine.WaitAsync(created.Id, WaitCondition.NextExit, CancellationToken.None);
        var following = LinesAsync(f, created.Id, new LogOptions { Follow = true });
        await f.Engine.StartAsync(created.Id, CancellationToken.None);
        var largest = await WatchSizeUntilExitAsync(f, created.Id, exit);
        await exit.WaitAsync(TimeSpan.FromSeconds(60));

        var expected = Enumerable.Range(1, 20_000).Select(i => i.ToString()).ToList();
        AssertLines(expected, await LinesAsync(f, created.Id, new LogOptions()), "the whole log");
        AssertLines(expected, await following.WaitAsync(TimeSpan.FromSeconds(30)), "the follower");
        Assert.Equal(expected.TakeLast(1500), await LinesAsync(f, created.Id, new LogOptions { Tail = 1500 }));
        var (_, files) = OnDisk(f, created.Id);
        Assert.InRange(files, 8, 40);
        Assert.True(largest <= 41 * MaxSize, $"the log reached {largest} bytes");
    }

    [SkippableFact]
    public async Task Each_run_starts_a_new_file_and_the_log_reads_across_runs()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var created = await f.Engine.CreateAsync(Writer("echo run at $(date +%s%N)", maxFiles: 2), CancellationToken.None);
        for (var run = 0; run < 3; run++)
        {
            var exit = f.Engine.WaitAsync(created.Id, WaitCondition.NextExit, CancellationToken.None);
            await f.Engine.StartAsync(created.Id, CancellationToken.None);
            await exit.WaitAsync(TimeSpan.FromSeconds(30));
        }
        // Two files kept: the last two runs.
        var lines = await LinesAsync(f, created.Id, new LogOptions());
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.StartsWith("run at ", l));
        Assert.Equal(2, OnDisk(f, created.Id).Files);
    }

    [SkippableFact]
    public async Task After_a_daemon_restart_the_rotated_files_of_a_running_container_are_kept_again()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var created = await f.Engine.CreateAsync(
            Writer("i=0; while [ $i -lt 300 ]; do seq $((i*100+1)) $((i*100+100)); i=$((i+1)); usleep 10000; done; echo end", maxFiles: 3),
            CancellationToken.None);
        await f.Engine.StartAsync(created.Id, CancellationToken.None);
        await Task.Delay(500);
        await f.RestartEngineAsync();
        var exit = f.Engine.WaitAsync(created.Id, WaitCondition.NextExit, CancellationToken.None);
        await exit.WaitAsync(TimeSpan.FromSeconds(60));

        // Written long after the restart, the three newest files hold consecutive lines up to the end.
        var lines = await LinesAsync(f, created.Id, new LogOptions());
        Assert.Equal("end", lines[^1]);
        var numbers = lines.SkipLast(1).Select(int.Parse).ToList();
        Assert.True(numbers.Count > 2000, $"only {numbers.Count} lines kept");
        Assert.Equal(Enumerable.Range(numbers[0], numbers.Count), numbers);
        Assert.Equal(30_000, numbers[^1]);
        Assert.Equal(3, OnDisk(f, created.Id).Files);
    }
}
