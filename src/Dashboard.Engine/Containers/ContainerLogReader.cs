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
        using var pump = new LogRecordPump(filter);
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
                reader?.Dispose();
                reader = new ForwardLineReader(file, offset);
                bool more;
                do
                {
                    more = pump.Pump(reader, limit, complete, cancellationToken);
                    foreach (var entry in pump.Ready) yield return entry;
                    pump.Ready.Clear();
                }
                while (more);
                if (pump.PastUntil) yield break;
            }
            if (!options.Follow)
            {
                pump.Flush();
                foreach (var entry in pump.Ready) yield return entry;
                yield break;
            }

            var current = files[last];
            var heldPiece = false;
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var done = isDone();
                var any = false;
                while (pump.Pump(reader!, long.MaxValue, complete: false, cancellationToken))
                {
                    any = true;
                    foreach (var entry in pump.Ready) yield return entry;
                    pump.Ready.Clear();
                }
                if (pump.PastUntil) break;
                var next = set.OpenNext(current);
                if (next is not null || done)
                {
                    // Rotated (or finished): nothing writes to this file any more, so what is left is all there is.
                    do
                    {
                        any = pump.Pump(reader!, long.MaxValue, complete: true, cancellationToken);
                        foreach (var entry in pump.Ready) yield return entry;
                        pump.Ready.Clear();
                    }
                    while (any);
                    if (pump.PastUntil || next is null) break;
                    reader!.Dispose();
                    files.Add(next);
                    current = next;
                    reader = new ForwardLineReader(next, 0);
                    continue;
                }
                if (any)
                {
                    heldPiece = false;
                    continue;
                }
                // conmon writes the rest of a split line right after its first piece; a piece still alone after a
                // whole poll interval is an unfinished line (a prompt) and is shown as it is.
                if (heldPiece)
                {
                    pump.Flush();
                    foreach (var entry in pump.Ready) yield return entry;
                    pump.Ready.Clear();
                }
                heldPiece = pump.HasPending;
                await Task.Delay(s_pollInterval, cancellationToken);
            }
            pump.Flush();
            foreach (var entry in pump.Ready) yield return entry;
        }
        finally
        {
            reader?.Dispose();
            chain?.Dispose();
        }
    }
}
