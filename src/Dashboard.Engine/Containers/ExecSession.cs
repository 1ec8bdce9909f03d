using Dashboard.Engine.Runtime;

namespace Dashboard.Engine.Containers;

/// <summary>
/// One exec session, in memory only: created, then started once, then exited. Its files live in
/// RunRoot/exec/CONTAINER/ID while it runs and are removed when it ends. State changes are made under
/// <see cref="Gate"/>; readers take <see cref="Snapshot"/>.
/// </summary>
internal sealed class ExecSession(string id, string containerId, ExecRequest request, string directory)
{
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task _events = Task.CompletedTask;

    public string Id { get; } = id;
    public string ContainerId { get; } = containerId;
    public ExecRequest Request { get; } = request;
    public string Directory { get; } = directory;
    public DateTimeOffset Created { get; } = DateTimeOffset.UtcNow;
    public Lock Gate { get; } = new();

    public bool Started { get; set; }
    public bool Running { get; set; }
    public int Pid { get; set; }
    public int ConmonPid { get; set; }

    /// <summary>The daemon's own <c>runc exec</c> of an attached exec run without conmon; 0 under conmon.</summary>
    public int RunnerPid { get; set; }

    /// <summary>Kills an exec the daemon runs itself (see <see cref="RuntimeExecProcess.Kill"/>).</summary>
    public Action? KillDirect { get; set; }
    public int? ExitCode { get; private set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; private set; }

    /// <summary>Completes with the exit code once the session has ended (run to its end, or failed to start).</summary>
    public Task<int> Exited => _exited.Task;

    /// <summary>Runs <paramref name="publish"/> after the session's earlier events are published (whether they were
    /// stored or not), so that its events keep their order while nobody waits for them.</summary>
    public Task ChainEvent(Func<Task> publish)
    {
        lock (Gate)
        {
            _events = _events.ContinueWith(_ => publish(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).Unwrap();
            return _events;
        }
    }

    public void End(int exitCode)
    {
        lock (Gate)
        {
            Running = false;
            ExitCode = exitCode;
            FinishedAt = DateTimeOffset.UtcNow;
        }
        _exited.TrySetResult(exitCode);
    }

    /// <summary>Sessions that have ended, and ones never started, are forgotten this long after (Docker kept unused
    /// ones for 5 minutes in its exec GC; inspect after the end is what matters).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(10);

    public bool IsExpired(DateTimeOffset now)
    {
        lock (Gate)
        {
            if (Running) return false;
            if (FinishedAt is { } finished) return now - finished > Retention;
            return !Started && now - Created > Retention;
        }
    }

    public ExecSnapshot Snapshot()
    {
        lock (Gate) return new ExecSnapshot(Id, ContainerId, Request, Running, ExitCode, Pid, Created, StartedAt, FinishedAt);
    }
}
