using System.Runtime.CompilerServices;
using Dashboard.Engine.Containers.Logs;

namespace Dashboard.Engine.Containers;

/// <summary>
/// Reads a container's k8s-file log across its rotated files (<see cref="LogFileSet"/>), oldest first, in bounded
/// memory: a tail is found by reading backwards from the end, Since skips whole files by their last record, and
/// lines are streamed, never collected. With follow it keeps reading as conmon appends, moves on to the next file
/// when conmon rotates (after draining the full one, so no line is lost or repeated), and when
/// <paramref name="isDone"/> says the container is finished, drains what is left and ends. Files are read through
/// handles opened once, so a read finishes even when its files are rotated away or the container's directory is
/// deleted (an auto-removed container).
/// </summary>
internal static class ContainerLogReader
{
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromMilliseconds(50);

    public static async IAsyncEnumerable<LogEntry> ReadAsync(
        string path, LogOptions options, Func<bool> isDone, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var set = new LogFileSet(path);
        var filter = new LogRecordFilter(options);
        LogChain? chain = null;
        ForwardLineReader? reader = null;
        try
        {
            bool lastComplete;
            while (true)
            {
                // Asked before opening: when the container is finished now, the files opened next are final.
                lastComplete = isDone();
                chain = set.Open();
                if (chain.Files.Count > 0) break;
                chain.Dispose();
                chain = null;
                if (!options.Follow || lastComplete) yield break;
                await Task.Delay(s_pollInterval, cancellationToken);
            }

            var files = chain.Files;
            var last = files.Count - 1;
            var start = options.Tail is >= 0 and var tail
                ? LogTail.FindStart(chain, filter, tail, lastComplete, cancellationToken)
                : new LogPosition(0, 0);
            for (var index = start.File; index <= last; index++)
            {
                var file = files[index];
                var isLast = index == last;
                // A file before the last is complete (conmon closed it before renaming the next one in) and may have
                // grown since it was opened; the last is read as far as it was when opened, unless followed.
                var complete = !isLast || lastComplete;
                var limit = isLast && !options.Follow ? file.LengthAtOpen : long.MaxValue;
                var offset = index == start.File ? start.Offset : 0;
                if (options.Tail is null && filter.HasSince)
                {
                    var (lastTime, contentEnd) = LogTail.LastRecord(file, isLast ? file.LengthAtOpen : file.CurrentLength, complete, cancellationToken);
                    if (lastTime is null || filter.IsBeforeSince(lastTime.Value))
                    {
                        if (!isLast) continue;
                        offset = contentEnd; // only what comes next
                    }
                }
                reader = new ForwardLineReader(file, offset);
                while (reader.Next(limit, complete, cancellationToken))
                {
                    if (!TryEntry(reader.Line.Span, filter, out var entry, out var pastUntil)) continue;
                    if (pastUntil) yield break;
                    yield return entry!;
                }
                if (!isLast)
                {
                    reader.Dispose();
                    reader = null;
                }
            }
            if (!options.Follow) yield break;

            var current = files[last];
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var done = isDone();
                var any = false;
                while (reader!.Next(long.MaxValue, complete: false, cancellationToken))
                {
                    any = true;
                    if (!TryEntry(reader.Line.Span, filter, out var entry, out var pastUntil)) continue;
                    if (pastUntil) yield break;
                    yield return entry!;
                }
                var next = set.OpenNext(current);
                if (next is not null || done)
                {
                    // Rotated (or finished): nothing writes to this file any more, so what is left is all there is.
                    while (reader.Next(long.MaxValue, complete: true, cancellationToken))
                    {
                        if (!TryEntry(reader.Line.Span, filter, out var entry, out var pastUntil)) continue;
                        if (pastUntil) yield break;
                        yield return entry!;
                    }
                    if (next is null) yield break;
                    reader.Dispose();
                    files.Add(next);
                    current = next;
                    reader = new ForwardLineReader(next, 0);
                    continue;
                }
                if (!any) await Task.Delay(s_pollInterval, cancellationToken);
            }
        }
        finally
        {
            reader?.Dispose();
            chain?.Dispose();
        }
    }

    /// <summary>The record as an entry when the filter takes it; only then is its content copied.</summary>
    private static bool TryEntry(ReadOnlySpan<byte> line, LogRecordFilter filter, out LogEntry? entry, out bool pastUntil)
    {
        entry = null;
        pastUntil = false;
        if (!K8sLogFormat.TryParseHeader(line, out var header) || !filter.Selects(header.Stream)) return false;
        if (filter.IsAfterUntil(header.Time))
        {
            pastUntil = true;
            return true;
        }
        if (filter.IsBeforeSince(header.Time)) return false;
        entry = K8sLogFormat.ToEntry(line, header);
        return true;
    }
}
