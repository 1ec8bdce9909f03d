using Dashboard.Engine.Containers;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>
/// One fake container's mutable state, every member used under the engine's lock. Like the real engine's entry it
/// has a next-exit task replaced after each exit and a removed task; <see cref="Changed"/> wakes log followers.
/// </summary>
internal sealed class FakeContainer(ContainerRecord record, ContainerChangeFeed feed)
{
    private TaskCompletionSource<int> _nextExit = NewSource<int>();
    private TaskCompletionSource<bool> _changed = NewSource<bool>();

    public ContainerRecord Record { get; private set; } = record;
    public List<LogEntry> Logs { get; } = [];
    public TaskCompletionSource<int> Removed { get; } = NewSource<int>();

    /// <summary>Completes with the exit code of the next exit (or failed start).</summary>
    public Task<int> NextExit => _nextExit.Task;

    /// <summary>Completes on the next change: a log line, a state change, removal.</summary>
    public Task Changed => _changed.Task;

    /// <summary>Cancelled to end the running script; <see cref="PendingSignal"/> says which signal did it.</summary>
    public CancellationTokenSource? Run { get; set; }
    public int? PendingSignal { get; set; }

    public void Update(Func<ContainerRecord, ContainerRecord> change)
    {
        Record = change(Record);
        feed.Publish(ContainerChangeKind.Updated, Record);
        NotifyChanged();
    }

    public void UpdateState(Func<ContainerState, ContainerState> change) => Update(r => r with { State = change(r.State) });

    public void Append(LogEntry entry)
    {
        Logs.Add(entry);
        NotifyChanged();
    }

    public void SignalExit(int code)
    {
        var previous = _nextExit;
        _nextExit = NewSource<int>();
        previous.TrySetResult(code);
        NotifyChanged();
    }

    public void SignalRemoved()
    {
        Removed.TrySetResult(Record.State.ExitCode ?? 0);
        NotifyChanged();
    }

    private void NotifyChanged()
    {
        var previous = _changed;
        _changed = NewSource<bool>();
        previous.TrySetResult(true);
    }

    private static TaskCompletionSource<T> NewSource<T>() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
