using System.Text;
using Dashboard.Engine.Containers;

namespace Dashboard.Engine.Tests.Containers.Logs;

/// <summary>A temp directory holding one container's k8s-file log (ctr.log and rotated ctr.log.N), with helpers to
/// write records as conmon does and to read them back through the engine's reader.</summary>
internal sealed class LogDirectory : IDisposable
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 28, 5, 0, 0, TimeSpan.Zero);

    public string Root { get; } = Directory.CreateTempSubdirectory("ctrlogs-").FullName;
    public string LogPath => Path.Combine(Root, "ctr.log");
    public string Rotated(int sequence) => LogPath + "." + sequence;

    /// <summary>One k8s-file record: time T0 + <paramref name="second"/> seconds.</summary>
    public static string Record(int second, string text, string stream = "stdout", bool partial = false) =>
        $"{T0.AddSeconds(second):yyyy-MM-ddTHH:mm:ss}.123456789+00:00 {stream} {(partial ? "P" : "F")} {text}\n";

    public void Write(string path, string content) => File.WriteAllText(path, content);

    public void Append(string path, string content) => File.AppendAllText(path, content);

    /// <summary>What conmon does at --log-size-max: a new ctr.log.tmp renamed over ctr.log.</summary>
    public void ConmonRotate(string firstContent = "")
    {
        File.WriteAllText(LogPath + ".tmp", firstContent);
        File.Move(LogPath + ".tmp", LogPath, overwrite: true);
    }

    public async Task<List<string>> ReadAsync(LogOptions options, Func<bool>? isDone = null, CancellationToken token = default)
    {
        var result = new List<string>();
        await foreach (var entry in ContainerLogReader.ReadAsync(LogPath, options, isDone ?? (() => true), token))
            result.Add(Describe(entry));
        return result;
    }

    /// <summary>"out:text" for a full line, "out:text…" for a partial one (no newline).</summary>
    public static string Describe(LogEntry entry)
    {
        var text = Encoding.UTF8.GetString(entry.Content);
        var prefix = entry.Stream == LogStream.Stdout ? "out:" : "err:";
        return text.EndsWith('\n') ? prefix + text[..^1] : prefix + text + "…";
    }

    public void Dispose() => Directory.Delete(Root, true);
}
