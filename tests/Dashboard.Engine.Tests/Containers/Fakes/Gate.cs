namespace Dashboard.Engine.Tests.Containers.Fakes;

/// <summary>Holds the first caller that reaches it until the test releases it (then fails that call when asked to);
/// later callers pass at once. Lets a test put two engine calls in one exact interleaving.</summary>
internal sealed class Gate(Exception? failWith = null)
{
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _entered;

    /// <summary>Completes when the first caller is held.</summary>
    public Task Reached => _reached.Task.WaitAsync(TimeSpan.FromSeconds(10));

    public async Task PassAsync()
    {
        if (Interlocked.Exchange(ref _entered, 1) == 1) return;
        _reached.TrySetResult();
        await _released.Task;
        if (failWith is not null) throw failWith;
    }

    public void Release() => _released.TrySetResult();
}
