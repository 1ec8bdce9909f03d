using Dashboard.Engine.Containers;

namespace Dashboard.Web.Tests.NativeApi.Fakes;

/// <summary>One fake container's mutable state. Every member is used under the engine's lock.</summary>
internal sealed class FakeContainer(ContainerRecord record, IReadOnlyList<string> imageCmd)
{
    private TaskCompletionSource<WaitResult>? _nextExit;

    public ContainerRecord Record { get; set; } = record;
    public IReadOnlyList<string> ImageCmd { get; } = imageCmd;
    public List<LogEntry> Logs { get; } = [];
    public TaskCompletionSource Changed { get; private set; } = NewSignal();
    public TaskCompletionSource<WaitResult> Removed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    public CancellationTokenSource? Run { get; set; }
    public int KilledWith { get; set; } = 137;

    public void Update(Func<ContainerState, ContainerState> change)
    {
        Record = Record with { State = change(Record.State) };
        Signal();
    }

    public void Append(LogEntry entry)
    {
        Logs.Add(entry);
        Signal();
    }

    public TaskCompletionSource<WaitResult> NextExit() => _nextExit ??= new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void CompleteExit(WaitResult result)
    {
        var waiters = _nextExit;
        _nextExit = null;
        waiters?.TrySetResult(result);
    }

    public void CompleteRemoved() => Removed.TrySetResult(new WaitResult(Record.State.ExitCode ?? 0, null));

    private void Signal()
    {
        var old = Changed;
        Changed = NewSignal();
        old.TrySetResult();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
