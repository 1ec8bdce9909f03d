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
    private volatile Task<int>? _exitInProgress;
    private Task _oomPublished = Task.CompletedTask;

    /// <summary>Held by whoever changes the container: its record, its row, its runtime state, mounts and files.</summary>
    public SemaphoreSlim Lock { get; } = new(1, 1);

    public ContainerRecord Record => _record;

    /// <summary>Set under <see cref="Lock"/> when the container is removed or its create rolled back; it is then out of
    /// the table. Whoever waited for the lock checks this first and does nothing to a removed container.</summary>
    public bool IsRemoved => _removed;

    public TaskCompletionSource<int> Removed { get; } = NewSource();

    /// <summary>Completes with the exit code of the next exit, once its die event is stored; replaced after each exit.
    /// </summary>
    public Task<int> NextExit => Volatile.Read(ref _nextExit).Task;

    /// <summary>The exit being recorded: set (under <see cref="Lock"/>) before the record says exited and cleared once
    /// its die is stored and <see cref="NextExit"/> completed, so a wait that finds the container already exited still
    /// returns only after the die is in the store. Null when no exit is being recorded.</summary>
    public Task<int>? ExitInProgress => _exitInProgress;

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

    /// <summary>Completes when every oom event counted so far (<see cref="OomKillsReported"/>) is stored: the watcher's
    /// report publishes without the lock, and the exit path awaits it so that the die never lands before its oom.
    /// </summary>
    public Task OomPublished
    {
        get { lock (OomGate) return _oomPublished; }
    }

    /// <summary>Counts a kill as reported (under <see cref="OomGate"/>) and returns the source to complete once its oom
    /// event is stored; null when <paramref name="oomKillCount"/> was reported already.</summary>
    public TaskCompletionSource? BeginOomReport(long oomKillCount)
    {
        lock (OomGate)
        {
            if (oomKillCount <= OomKillsReported) return null;
            OomKillsReported = oomKillCount;
            var stored = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            // Completes after this one and every earlier report: whoever awaits it finds all of them stored.
            _oomPublished = _oomPublished.IsCompleted ? stored.Task : Task.WhenAll(_oomPublished, stored.Task);
            return stored;
        }
    }

    public void Update(Func<ContainerRecord, ContainerRecord> change)
    {
        // Serialised so that watchers see changes in the order they were made.
        lock (_updateGate)
        {
            _record = change(_record);
            feed?.Publish(ContainerChangeKind.Updated, _record);
        }
    }

    /// <summary>Called under <see cref="Lock"/> by the exit path before the record says exited (see
    /// <see cref="ExitInProgress"/>).</summary>
    public void BeginExit() => _exitInProgress = NextExit;

    /// <summary>Releases the waiters of the current exit (its die is stored by now) and arms the next one.</summary>
    public void SignalExit(int exitCode)
    {
        var previous = Interlocked.Exchange(ref _nextExit, NewSource());
        previous.TrySetResult(exitCode);
        _exitInProgress = null; // after the result: a waiter that sees null finds the exit complete
    }

    public void ReportExit()
    {
        var previous = Interlocked.Exchange(ref _exitReported, NewHint());
        previous.TrySetResult();
    }

    /// <summary>Called under <see cref="Lock"/> once the container is gone: whoever waits for the lock next leaves it
    /// alone. Its waiters are released by <see cref="SignalRemoved"/>, once the destroy is stored.</summary>
    public void MarkRemoved() => _removed = true;

    /// <summary>Ends every wait on a removed container.</summary>
    public void SignalRemoved()
    {
        var code = _record.State.ExitCode ?? 0;
        Removed.TrySetResult(code);
        SignalExit(code);
    }

    private static TaskCompletionSource<int> NewSource() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static TaskCompletionSource NewHint() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
