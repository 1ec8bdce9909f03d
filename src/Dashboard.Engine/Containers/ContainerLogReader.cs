using System.Runtime.CompilerServices;

namespace Dashboard.Engine.Containers;

/// <summary>
/// Reads a container's k8s-file log, and with follow keeps reading as conmon appends until <paramref name="isDone"/>
/// says the container is finished, then drains what is left. Opening the file once keeps reading safe when an
/// auto-removed container's directory is deleted underneath.
/// </summary>
internal static class ContainerLogReader
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(50);

    public static async IAsyncEnumerable<LogEntry> ReadAsync(
        string path, LogOptions options, Func<bool> isDone, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        FileStream? stream = null;
        try
        {
            while (stream is null)
            {
                stream = TryOpen(path);
                if (stream is not null) break;
                if (!options.Follow || isDone()) yield break;
                await Task.Delay(s_pollInterval, cancellationToken);
            }

            var pending = new List<byte>();
            var buffer = new byte[64 * 1024];
            var history = new List<LogEntry>();

            // Existing content first, so that --tail can count from the end.
            await foreach (var entry in ReadAvailableAsync(stream, buffer, pending, cancellationToken))
                if (Matches(entry, options)) history.Add(entry);
            var start = options.Tail is { } tail && tail >= 0 ? Math.Max(0, history.Count - tail) : 0;
            for (var i = start; i < history.Count; i++) yield return history[i];
            if (!options.Follow) yield break;

            while (!cancellationToken.IsCancellationRequested)
            {
                var done = isDone();
                var any = false;
                await foreach (var entry in ReadAvailableAsync(stream, buffer, pending, cancellationToken))
                {
                    any = true;
                    if (Matches(entry, options)) yield return entry;
                }
                if (done) yield break; // drained after the container finished
                if (!any) await Task.Delay(s_pollInterval, cancellationToken);
            }
        }
        finally
        {
            stream?.Dispose();
        }
    }

    private static FileStream? TryOpen(string path)
    {
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.Asynchronous);
        }
        catch (FileNotFoundException) { return null; }
        catch (DirectoryNotFoundException) { return null; }
    }

    private static async IAsyncEnumerable<LogEntry> ReadAvailableAsync(
        FileStream stream, byte[] buffer, List<byte> pending, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0)
        {
            var start = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] != (byte)'\n') continue;
                LogEntry? entry;
                if (pending.Count > 0)
                {
                    pending.AddRange(buffer.AsSpan(start, i - start));
                    entry = Parse(pending.ToArray());
                    pending.Clear();
                }
                else
                {
                    entry = Parse(buffer.AsSpan(start, i - start));
                }
                start = i + 1;
                if (entry is not null) yield return entry;
            }
            if (start < read) pending.AddRange(buffer.AsSpan(start, read - start));
        }
    }

    private static LogEntry? Parse(ReadOnlySpan<byte> line) => K8sLogFormat.TryParse(line, out var entry) ? entry : null;

    private static bool Matches(LogEntry entry, LogOptions options) =>
        (entry.Stream == LogStream.Stdout ? options.Stdout : options.Stderr)
        && (options.Since is null || entry.Time >= options.Since)
        && (options.Until is null || entry.Time <= options.Until);
}
