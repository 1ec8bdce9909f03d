using Dashboard.Engine.Containers;

namespace Dashboard.Web.Tests.DockerApi.Fakes;

/// <summary>One fake container's mutable state; guarded by the engine's lock.</summary>
internal sealed class FakeContainer(ContainerRecord record)
{
    public ContainerRecord Record { get; set; } = record;
    public List<LogEntry> Logs { get; } = [];
    public bool Removed { get; set; }
    /// <summary>How many times it was started; log followers use it to know a run began.</summary>
    public int Starts { get; set; }
    /// <summary>Cancels the running script with the signal that ended it.</summary>
    public CancellationTokenSource? Run { get; set; }
    public int? PendingSignal { get; set; }
    public TaskCompletionSource? Exited { get; set; }
    public List<(WaitCondition Condition, TaskCompletionSource<WaitResult> Waiter)> Waiters { get; } = [];
    private TaskCompletionSource _changed = NewSignal();

    /// <summary>Completes on the next change (log line, state change, removal).</summary>
    public Task Changed => _changed.Task;

    public void NotifyChanged()
    {
        var old = _changed;
        _changed = NewSignal();
        old.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
