namespace Dashboard.Engine.Containers;

/// <summary>
/// The engine's live handle on one container: the current record plus what callers wait on. The record is replaced
/// whole (records are immutable) and only while <see cref="Lock"/> is held, so readers always see a consistent state.
/// </summary>
internal sealed class ContainerEntry(ContainerRecord record, ContainerChangeFeed? feed = null)
{
    private volatile ContainerRecord _record = record;
    private readonly object _updateGate = new();
    private TaskCompletionSource<int> _nextExit = NewSource();

    public SemaphoreSlim Lock { get; } = new(1, 1);

    public ContainerRecord Record => _record;

    public TaskCompletionSource<int> Removed { get; } = NewSource();

    /// <summary>Completes with the exit code of the next exit; replaced after each exit.</summary>
    public Task<int> NextExit => Volatile.Read(ref _nextExit).Task;

    /// <summary>The oom_kill counter of the memory cgroup when the current run started; a die with a higher count
    /// means the kernel OOM-killed something in this run.</summary>
    public long OomKillsAtStart { get; set; }

    /// <summary>The highest oom_kill count already published as an oom event in the current run: the watcher's
    /// notification and the exit path both report kills, and each kill must be published once.</summary>
    public long OomKillsReported { get; set; }

    /// <summary>Set when the OOM watcher reported a kill during the current run.</summary>
    public bool OomSeenThisRun { get; set; }

    /// <summary>Cancels a pending restart-policy delay when the user acts on the container.</summary>
    public CancellationTokenSource? PendingRestart { get; set; }

    /// <summary>Serialises exit processing: the exit watcher and its poll fallback may both report one exit.</summary>
    public object ExitGate { get; } = new();

    /// <summary>Completes when the runtime's start command has returned. A process that exits at once is reported
    /// while "runc start" is still cleaning up its exec fifo; deleting the runtime state under it would fail the
    /// start, so the exit path waits for this first.</summary>
    public Task RuntimeStartDone { get; set; } = Task.CompletedTask;

    /// <summary>The last OOM the kernel reported in the current run, for the die event's attributes.</summary>
    public OomReport? LastOom { get; set; }

    public void Update(Func<ContainerRecord, ContainerRecord> change)
    {
        // Serialised so that watchers see changes in the order they were made.
        lock (_updateGate)
        {
            _record = change(_record);
            feed?.Publish(ContainerChangeKind.Updated, _record);
        }
    }

    public void SignalExit(int exitCode)
    {
        var previous = Interlocked.Exchange(ref _nextExit, NewSource());
        previous.TrySetResult(exitCode);
    }

    private static TaskCompletionSource<int> NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
