namespace Dashboard.Engine.Containers;

/// <summary>
/// The engine's live handle on one container: the current record plus what callers wait on. The record is replaced
/// whole (records are immutable) and only while <see cref="Lock"/> is held, so readers always see a consistent state.
/// See <see cref="ContainerEngine"/> for the lock discipline.
/// </summary>
internal sealed class ContainerEntry(ContainerRecord record, ContainerChangeFeed? feed = null)
{
    private volatile ContainerRecord _record = record;
    private volatile bool _removed;
    private readonly object _updateGate = new();
    private TaskCompletionSource<int> _nextExit = NewSource();
    private TaskCompletionSource _exitReported = NewHint();

    /// <summary>Held by whoever changes the container: its record, its row, its runtime state, mounts and files.</summary>
    public SemaphoreSlim Lock { get; } = new(1, 1);

    public ContainerRecord Record => _record;

    /// <summary>Set under <see cref="Lock"/> when the container is removed or its create rolled back; it is then out of
    /// the table. Whoever waited for the lock checks this first and does nothing to a removed container.</summary>
    public bool IsRemoved => _removed;

    public TaskCompletionSource<int> Removed { get; } = NewSource();

    /// <summary>Completes with the exit code of the next exit; replaced after each exit.</summary>
    public Task<int> NextExit => Volatile.Read(ref _nextExit).Task;

    /// <summary>Completes (and is replaced) each time conmon reports an exit of this container. Only a wake-up for a
    /// stop or remove that waits for the exit under the lock: the exit file says whether and how it exited.</summary>
    public Task ExitReported => Volatile.Read(ref _exitReported).Task;

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

    /// <summary>Serialises OOM reports, which arrive without the lock: the kernel's notification and the exit path may
    /// both report one kill.</summary>
    public object OomGate { get; } = new();

    /// <summary>The record holds a state whose write failed (the disk was full) and is being retried; under
    /// <see cref="Lock"/>.</summary>
    public bool Unsaved { get; set; }

    /// <summary>A background loop is retrying the write of <see cref="Unsaved"/> state; under <see cref="Lock"/>.</summary>
    public bool WriteRetryRunning { get; set; }

    /// <summary>Attaches waiting for the next start, and those connected to the current run's conmon.</summary>
    public AttachmentSet Attachments { get; } = new();

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

    public void ReportExit()
    {
        var previous = Interlocked.Exchange(ref _exitReported, NewHint());
        previous.TrySetResult();
    }

    /// <summary>Called under <see cref="Lock"/> once the container is gone: ends every wait on it.</summary>
    public void MarkRemoved()
    {
        _removed = true;
        var code = _record.State.ExitCode ?? 0;
        Removed.TrySetResult(code);
        SignalExit(code);
    }

    private static TaskCompletionSource<int> NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource NewHint() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
