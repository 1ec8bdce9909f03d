using System.Text;
using Dashboard.Engine.Containers;

namespace Dashboard.Engine.Tests.Containers;

public sealed class ContainerLogReaderTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"ctrlog-{Guid.NewGuid():N}.log");

    public void Dispose() => File.Delete(_path);

    private static string Line(int second, string stream, string text) =>
        $"2026-11-28T05:00:{second:00}.000000000+00:00 {stream} F {text}\n";

    private async Task<List<string>> ReadAllAsync(LogOptions options, Func<bool> isDone, CancellationToken token = default)
    {
        var result = new List<string>();
        await foreach (var entry in ContainerLogReader.ReadAsync(_path, options, isDone, token))
            result.Add($"{entry.Stream}:{Encoding.UTF8.GetString(entry.Content).TrimEnd('\n')}");
        return result;
    }

    [Fact]
    public async Task Tail_since_and_stream_filters_apply()
    {
        await File.WriteAllTextAsync(_path, Line(1, "stdout", "a") + Line(2, "stderr", "b") + Line(3, "stdout", "c") + Line(4, "stdout", "d"));
        Assert.Equal(["Stdout:c", "Stdout:d"], await ReadAllAsync(new LogOptions { Tail = 2 }, () => true));
        Assert.Equal(["Stdout:a", "Stdout:c", "Stdout:d"], await ReadAllAsync(new LogOptions { Stderr = false }, () => true));
        var since = new DateTimeOffset(2026, 11, 28, 5, 0, 3, TimeSpan.Zero);
        Assert.Equal(["Stdout:c", "Stdout:d"], await ReadAllAsync(new LogOptions { Since = since }, () => true));
        Assert.Empty(await ReadAllAsync(new LogOptions { Tail = 0 }, () => true));
    }

    [Fact]
    public async Task Follow_sees_appended_lines_and_ends_after_draining_once_done()
    {
        await File.WriteAllTextAsync(_path, Line(1, "stdout", "first"));
        var done = false;
        var reading = ReadAllAsync(new LogOptions { Follow = true }, () => Volatile.Read(ref done));
        await Task.Delay(150);
        await File.AppendAllTextAsync(_path, Line(2, "stdout", "sec"));
        await File.AppendAllTextAsync(_path, Line(3, "stderr", "third"));
        Volatile.Write(ref done, true);
        var lines = await reading.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(["Stdout:first", "Stdout:sec", "Stderr:third"], lines);
    }

    [Fact]
    public async Task Follow_waits_for_a_file_that_does_not_exist_yet()
    {
        var done = false;
        var reading = ReadAllAsync(new LogOptions { Follow = true }, () => Volatile.Read(ref done));
        await Task.Delay(120);
        await File.WriteAllTextAsync(_path, Line(1, "stdout", "late"));
        await Task.Delay(150);
        Volatile.Write(ref done, true);
        Assert.Equal(["Stdout:late"], await reading.WaitAsync(TimeSpan.FromSeconds(5)));
    }
}
