namespace Dashboard.Engine.Containers.Logs;

/// <summary>
/// One follower's wake-up: set by <see cref="LogRotationWatcher"/> when inotify reports a change to a file of the
/// followed log's directory (conmon appended to ctr.log, or renamed a new one in), and awaited by the follower between
/// reads. A wake that comes while the follower is reading is kept, so the next wait returns at once and nothing
/// written meanwhile waits for a timer. Disposing stops the watch of this follower.
/// </summary>
public sealed class LogChangeSignal : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Action<LogChangeSignal>? _unsubscribe;
    private TaskCompletionSource _waiter = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _pending;

    internal LogChangeSignal(string directory, bool watched, Action<LogChangeSignal>? unsubscribe)
    {
        Directory = directory;
        IsWatched = watched;
        _unsubscribe = unsubscribe;
    }

    public string Directory { get; }

    /// <summary>inotify watches the directory. When it cannot (no inotify, out of watches, no such directory) the
    /// follower polls as it did before.</summary>
    public bool IsWatched { get; }

    public void Wake()
    {
        lock (_gate)
        {
            _pending = true;
            _waiter.TrySetResult();
        }
    }

    /// <summary>Returns at the next wake (or at once for one that came since the last wait), when
    /// <paramref name="also"/> completes, or after <paramref name="timeout"/> on <paramref name="time"/>'s clock.</summary>
    public async Task WaitAsync(TimeSpan timeout, TimeProvider time, Task? also, CancellationToken cancellationToken)
    {
        Task wake;
        lock (_gate)
        {
            if (_pending)
            {
                Reset();
                return;
            }
            wake = _waiter.Task;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var delay = Task.Delay(timeout, time, stop.Token);
        await (also is null ? Task.WhenAny(wake, delay) : Task.WhenAny(wake, delay, also)).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate) Reset();
    }

    public void Dispose() => _unsubscribe?.Invoke(this);

    private void Reset()
    {
        _pending = false;
        if (_waiter.Task.IsCompleted) _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
