using System.Runtime.CompilerServices;
using Dashboard.Engine.Containers;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>Logs with the real reader's rules: filter, then tail; a follow ends when the run it began in (or the
/// next one, for a created container) is over or the container is removed, after draining what is left.</summary>
public sealed partial class FakeContainerEngine
{
    public async IAsyncEnumerable<LogEntry> ReadLogsAsync(string reference, LogOptions options,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        FakeContainer c;
        Task<int> startedExit;
        ContainerStatus startStatus;
        List<LogEntry> history;
        int next;
        lock (_lock)
        {
            c = Find(reference);
            startedExit = c.NextExit;
            startStatus = c.Record.State.Status;
            history = c.Logs.Where(e => Matches(e, options)).ToList();
            next = c.Logs.Count;
        }
        var first = options.Tail is { } tail && tail >= 0 ? Math.Max(0, history.Count - tail) : 0;
        for (var i = first; i < history.Count; i++) yield return history[i];
        if (!options.Follow) yield break;

        while (true)
        {
            bool done;
            List<LogEntry> batch;
            Task changed;
            lock (_lock)
            {
                done = IsDone(c, startedExit, startStatus);
                batch = c.Logs.Skip(next).Where(e => Matches(e, options)).ToList();
                next = c.Logs.Count;
                changed = c.Changed;
            }
            foreach (var entry in batch) yield return entry;
            if (done) yield break;
            await changed.WaitAsync(cancellationToken);
        }
    }

    private static bool IsDone(FakeContainer c, Task<int> startedExit, ContainerStatus startStatus)
    {
        if (c.Removed.Task.IsCompleted || startedExit.IsCompleted) return true;
        var status = c.Record.State.Status;
        return startStatus is ContainerStatus.Exited or ContainerStatus.Dead && status is ContainerStatus.Exited or ContainerStatus.Dead;
    }

    private static bool Matches(LogEntry e, LogOptions o) =>
        (e.Stream == LogStream.Stdout ? o.Stdout : o.Stderr)
        && (o.Since is null || e.Time >= o.Since) && (o.Until is null || e.Time <= o.Until);
}
