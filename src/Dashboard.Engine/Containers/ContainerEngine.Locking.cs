using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Containers;

public sealed partial class ContainerEngine
{
    private readonly ConcurrentDictionary<Task, byte> _background = new();

    /// <summary>Resolves <paramref name="reference"/> and takes that container's lock. When the container was removed
    /// while this waited, the reference is resolved again (a name may now be another container's); 404 when nothing
    /// is left to act on.</summary>
    private async Task<ContainerLease> LockAsync(string reference, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var entry = _table.Resolve(reference);
            await entry.Lock.WaitAsync(cancellationToken);
            if (!entry.IsRemoved) return new ContainerLease(entry);
            entry.Lock.Release();
            if (attempt == 3) throw new ContainerNotFoundException(reference);
        }
    }

    /// <summary>Takes the lock of an entry the engine already holds (exit reports, restart policies, auto-remove);
    /// null when the container was removed meanwhile or the engine is shutting down.</summary>
    private async Task<ContainerLease?> TryLockAsync(ContainerEntry entry)
    {
        try
        {
            await entry.Lock.WaitAsync(_shutdown.Token);
        }
        catch (OperationCanceledException)
        {
            return null;
        }
        if (!entry.IsRemoved) return new ContainerLease(entry);
        entry.Lock.Release();
        return null;
    }

    /// <summary>Runs work that outlives the call that caused it (exit processing, restart policies, auto-remove);
    /// <see cref="DisposeAsync"/> waits for it after cancelling the lock waits.</summary>
    private void RunInBackground(Func<Task> work, string what, string id)
    {
        var task = Task.Run(async () =>
        {
            try { await work(); }
            catch (OperationCanceledException) when (_shutdown.IsCancellationRequested) { }
            catch (Exception ex) { _logger.LogError(ex, "{What} of {Id} failed", what, id[..Math.Min(12, id.Length)]); }
        });
        _background[task] = 0;
        task.ContinueWith(t => _background.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>A held container lock; disposing releases it.</summary>
    private sealed class ContainerLease(ContainerEntry entry) : IDisposable
    {
        public ContainerEntry Entry { get; } = entry;

        public void Dispose() => Entry.Lock.Release();
    }
}
