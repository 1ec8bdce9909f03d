using System.Text;
using Dashboard.Engine.Containers;

namespace Dashboard.Engine.Tests.Containers.Logs;

/// <summary>Reading a large log allocates for the lines returned, not for the lines skipped: tails read backwards
/// from the end, Since and stream filters look at each line's head only. Measured as all bytes the process allocated
/// during the read, so the collection runs alone.</summary>
[Collection(LogMemoryCollection.Name)]
public sealed class LogMemoryTests : IDisposable
{
    private const long FileBytes = 96L << 20;
    /// <summary>Far below the file (96 MiB) and the lines in it (1.4 million): a read measured about 3 KB here (the
    /// whole-file reader before it, 650 MB).</summary>
    private const long Budget = 256 << 10;

    private readonly LogDirectory _log = new();

    public LogMemoryTests()
    {
        // One stderr line at the start, then stdout lines of 70 bytes up to the size, then two known last lines.
        using var file = new FileStream(_log.LogPath, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        file.Write(Encoding.ASCII.GetBytes(LogDirectory.Record(0, "the-only-stderr-line", stream: "stderr")));
        var line = Encoding.ASCII.GetBytes(LogDirectory.Record(1, "filler-0123456789abcdefghij"));
        while (file.Length < FileBytes) file.Write(line);
        file.Write(Encoding.ASCII.GetBytes(LogDirectory.Record(2, "next-to-last") + LogDirectory.Record(3, "last")));
    }

    public void Dispose() => _log.Dispose();

    private async Task<(List<string> Lines, long Allocated)> MeasureAsync(LogOptions options)
    {
        await _log.ReadAsync(options with { Tail = 1 }); // warm up: JIT and pools
        GC.Collect();
        var before = GC.GetTotalAllocatedBytes(precise: true);
        var lines = await _log.ReadAsync(options);
        return (lines, GC.GetTotalAllocatedBytes(precise: true) - before);
    }

    [Fact]
    public async Task Tail_of_a_large_log_allocates_a_bounded_amount()
    {
        var (lines, allocated) = await MeasureAsync(new LogOptions { Tail = 2 });
        Assert.Equal(["out:next-to-last", "out:last"], lines);
        Assert.True(allocated < Budget, $"tail=2 of a {FileBytes >> 20} MiB log allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task A_tail_that_scans_the_whole_log_backwards_allocates_a_bounded_amount()
    {
        var (lines, allocated) = await MeasureAsync(new LogOptions { Tail = 1, Stdout = false });
        Assert.Equal(["err:the-only-stderr-line"], lines);
        Assert.True(allocated < Budget, $"a stderr tail=1 of a {FileBytes >> 20} MiB log allocated {allocated:N0} bytes");
    }

    [Fact]
    public async Task Since_skips_lines_without_holding_them()
    {
        var (lines, allocated) = await MeasureAsync(new LogOptions { Since = LogDirectory.T0.AddSeconds(2) });
        Assert.Equal(["out:next-to-last", "out:last"], lines);
        Assert.True(allocated < Budget, $"since of a {FileBytes >> 20} MiB log allocated {allocated:N0} bytes");
        (lines, allocated) = await MeasureAsync(new LogOptions { Stdout = false });
        Assert.Equal(["err:the-only-stderr-line"], lines);
        Assert.True(allocated < Budget, $"stderr of a {FileBytes >> 20} MiB log allocated {allocated:N0} bytes");
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LogMemoryCollection
{
    public const string Name = "log memory";
}
