using System.Text;
using Dashboard.Engine.Containers;

namespace Dashboard.Engine.Tests.Containers.Logs;

/// <summary>The tail is found by reading backwards in blocks: it must give the same lines as reading everything,
/// wherever lines and blocks meet, and count a line that conmon split into partial records once.</summary>
public sealed class LogTailTests : IDisposable
{
    private const int Block = 64 * 1024;
    private readonly LogDirectory _log = new();

    public void Dispose() => _log.Dispose();

    /// <summary>Lines of <paramref name="lengths"/> content bytes each, named l0, l1, ... and padded with x.</summary>
    private static (string File, List<string> Expected) Lines(IEnumerable<int> lengths)
    {
        var file = new StringBuilder();
        var expected = new List<string>();
        var i = 0;
        foreach (var length in lengths)
        {
            var name = $"l{i}";
            var text = name + new string('x', Math.Max(0, length - name.Length));
            file.Append(LogDirectory.Record(i % 50, text));
            expected.Add("out:" + text);
            i++;
        }
        return (file.ToString(), expected);
    }

    [Fact]
    public async Task Every_tail_of_lines_that_cross_block_boundaries_matches_the_whole_read()
    {
        // Short lines, lines around a block and a line of three blocks, so that newlines land just before, on and
        // just after block edges, and a line's head lies in an earlier block than its end.
        var random = new Random(9);
        var lengths = Enumerable.Range(0, 400).Select(_ => random.Next(0, 300))
            .Concat([Block - 46, Block - 45, Block - 44, 3 * Block + 7, 0, 1])
            .Concat(Enumerable.Range(0, 400).Select(_ => random.Next(0, 2000)))
            .ToList();
        var (file, expected) = Lines(lengths);
        _log.Write(_log.LogPath, file);
        Assert.Equal(expected, await _log.ReadAsync(new LogOptions()));
        foreach (var tail in new[] { 0, 1, 2, 3, 5, 399, 400, 401, 402, 403, 404, 405, 406, 407, 500, 806, 807, 5000 })
            Assert.Equal(expected.TakeLast(tail), await _log.ReadAsync(new LogOptions { Tail = tail }));
    }

    [Theory]
    [InlineData(-2)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    public async Task A_newline_at_or_next_to_a_block_edge_splits_the_right_lines(int shift)
    {
        // A record is 45 bytes of time, stream and tag, the content and a newline, so the newline before the last
        // record sits at end - Block - 1 - shift: just before, on, or just after the first block read from the end.
        var last = LogDirectory.Record(1, "last" + new string('y', Block - 51 + shift));
        Assert.Equal(Block - 1 + shift, last.Length);
        var first = LogDirectory.Record(0, "first");
        _log.Write(_log.LogPath, first + first + last);
        var lastText = "out:" + last[(last.IndexOf(" F ", StringComparison.Ordinal) + 3)..^1];
        Assert.Equal([lastText], await _log.ReadAsync(new LogOptions { Tail = 1 }));
        Assert.Equal(["out:first", lastText], await _log.ReadAsync(new LogOptions { Tail = 2 }));
    }

    [Fact]
    public async Task A_line_conmon_split_into_partial_records_counts_once()
    {
        _log.Write(_log.LogPath,
            LogDirectory.Record(1, "one") +
            LogDirectory.Record(2, "long-a", partial: true) + LogDirectory.Record(2, "long-b", partial: true) + LogDirectory.Record(2, "long-c") +
            LogDirectory.Record(3, "two") +
            LogDirectory.Record(4, "prompt> ", partial: true));
        // The unfinished last line counts as a line, and the split line's three records are one, returned joined
        // with the time of its first piece.
        Assert.Equal(["out:prompt> …"], await _log.ReadAsync(new LogOptions { Tail = 1 }));
        Assert.Equal(["out:two", "out:prompt> …"], await _log.ReadAsync(new LogOptions { Tail = 2 }));
        Assert.Equal(["out:long-along-blong-c", "out:two", "out:prompt> …"], await _log.ReadAsync(new LogOptions { Tail = 3 }));
        var joined = new List<LogEntry>();
        await foreach (var entry in ContainerLogReader.ReadAsync(_log.LogPath, new LogOptions { Tail = 3 }, () => true, CancellationToken.None))
            joined.Add(entry);
        Assert.Equal(LogDirectory.T0.AddSeconds(2).AddTicks(1_234_567), joined[0].Time);
    }

    [Fact]
    public async Task Split_lines_are_joined_up_to_a_bound_and_not_across_streams()
    {
        var piece = new string('p', 300_000);
        _log.Write(_log.LogPath, string.Concat(Enumerable.Repeat(LogDirectory.Record(1, piece, partial: true), 4)) + LogDirectory.Record(1, "end"));
        var lines = await _log.ReadAsync(new LogOptions());
        // 1 MiB at most in one entry: three pieces, then the fourth with the end.
        Assert.Equal(["out:" + piece + piece + piece + "…", "out:" + piece + "end"], lines);
    }

    [Fact]
    public async Task Partial_records_of_another_stream_in_between_do_not_join_lines()
    {
        _log.Write(_log.LogPath,
            LogDirectory.Record(1, "out-a", partial: true) + LogDirectory.Record(1, "err-line", stream: "stderr") + LogDirectory.Record(1, "out-b"));
        Assert.Equal(["out:out-b"], await _log.ReadAsync(new LogOptions { Tail = 1 }));
        Assert.Equal(["out:out-a…", "err:err-line", "out:out-b"], await _log.ReadAsync(new LogOptions()));
        // Reading stdout only, the stderr record is not there and the two stdout records are one line.
        Assert.Equal(["out:out-aout-b"], await _log.ReadAsync(new LogOptions { Tail = 1, Stderr = false }));
    }

    [Fact]
    public async Task A_last_line_without_newline_is_a_line_once_the_container_is_done_and_not_before()
    {
        var complete = LogDirectory.Record(1, "a") + LogDirectory.Record(2, "b");
        _log.Write(_log.LogPath, complete + LogDirectory.Record(3, "c")[..^1]);
        Assert.Equal(["out:b", "out:c"], await _log.ReadAsync(new LogOptions { Tail = 2 }, isDone: () => true));
        Assert.Equal(["out:a", "out:b", "out:c"], await _log.ReadAsync(new LogOptions(), isDone: () => true));
        // While conmon may still be writing it, an unterminated rest is not a record yet.
        Assert.Equal(["out:a", "out:b"], await _log.ReadAsync(new LogOptions { Tail = 2 }, isDone: () => false));
        Assert.Equal(["out:a", "out:b"], await _log.ReadAsync(new LogOptions(), isDone: () => false));
        // A file that is only an unfinished record has no lines.
        _log.Write(_log.LogPath, LogDirectory.Record(3, "c")[..20]);
        Assert.Empty(await _log.ReadAsync(new LogOptions { Tail = 5 }, isDone: () => false));
    }

    [Fact]
    public async Task Tail_counts_only_lines_in_the_since_until_window_and_the_chosen_streams()
    {
        _log.Write(_log.LogPath, string.Concat(Enumerable.Range(1, 9).Select(i =>
            LogDirectory.Record(i, $"s{i}", stream: i % 3 == 0 ? "stderr" : "stdout"))));
        var since = LogDirectory.T0.AddSeconds(4);
        var until = LogDirectory.T0.AddSeconds(8.5);
        Assert.Equal(["out:s7", "out:s8"], await _log.ReadAsync(new LogOptions { Tail = 2, Until = until, Stderr = false }));
        Assert.Equal(["out:s4", "out:s5", "err:s6", "out:s7", "out:s8"], await _log.ReadAsync(new LogOptions { Tail = 50, Since = since, Until = until }));
        Assert.Equal(["err:s3", "err:s6", "err:s9"], await _log.ReadAsync(new LogOptions { Tail = 3, Stdout = false }));
        Assert.Equal(["out:s4", "out:s5", "err:s6", "out:s7", "out:s8"], await _log.ReadAsync(new LogOptions { Since = since, Until = until }));
    }

    [Fact]
    public async Task Malformed_and_empty_lines_are_skipped_not_counted()
    {
        _log.Write(_log.LogPath, LogDirectory.Record(1, "a") + "garbage\n\n" + LogDirectory.Record(2, "b") + "2026-11-28 nonsense\n");
        Assert.Equal(["out:a", "out:b"], await _log.ReadAsync(new LogOptions { Tail = 2 }));
    }
}
