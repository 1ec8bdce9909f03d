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
    /// <summary>How often a follower without inotify looks for news, and how long a lone piece of a split line waits
    /// for its end before it is passed on.</summary>
    internal static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>With inotify: how often a follower looks anyway, for anything an event did not report.</summary>
    internal static readonly TimeSpan SafetyPoll = TimeSpan.FromSeconds(1);

    public static IAsyncEnumerable<LogEntry> ReadAsync(string path, LogOptions options, Func<bool> isDone, CancellationToken cancellationToken) =>
        ReadAsync(path, options, isDone, changes: null, finished: null, time: null, cancellationToken);

    /// <param name="changes">Wakes the follow when a file of the log changes (inotify); without it, or when it does not
    /// watch, the follow polls every <see cref="PollInterval"/>.</param>
    /// <param name="finished">Completes when <paramref name="isDone"/> becomes true, so the follow ends at once.</param>
    /// <param name="time">The clock of the follow's timers (tests freeze it to show that only inotify wakes it).</param>
    public static async IAsyncEnumerable<LogEntry> ReadAsync(string path, LogOptions options, Func<bool> isDone,
        LogChangeSignal? changes, Task? finished, TimeProvider? time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        time ??= TimeProvider.System;
        var notified = changes is { IsWatched: true };
        Task WaitAsync(TimeSpan wanted) => notified
            ? changes!.WaitAsync(wanted, time, finished, cancellationToken)
            : Task.Delay(PollInterval, time, cancellationToken);
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
                await WaitAsync(SafetyPoll);
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
            long? pieceSince = null;
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
                    pieceSince = null;
                    continue;
                }
                // conmon writes the rest of a split line right after its first piece; a piece still alone after a
                // whole poll interval is an unfinished line (a prompt) and is shown as it is.
                if (!pump.HasPending) pieceSince = null;
                else if (pieceSince is null) pieceSince = time.GetTimestamp();
                else if (time.GetElapsedTime(pieceSince.Value) >= PollInterval)
                {
                    pump.Flush();
                    foreach (var entry in pump.Ready) yield return entry;
                    pump.Ready.Clear();
                    pieceSince = null;
                }
                await WaitAsync(pieceSince is { } since ? Max(PollInterval - time.GetElapsedTime(since), TimeSpan.FromMilliseconds(1)) : SafetyPoll);
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

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
