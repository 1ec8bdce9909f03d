using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Containers;

/// <summary>
/// Writing container state to the store, with the disk possibly full. Two kinds of write:
/// <list type="bullet">
/// <item>A write that acknowledges a request (create's insert, a start, a limits update) must land before the answer:
/// when the disk is full the request is undone and the caller gets <see cref="StorageFullException"/> (507).</item>
/// <item>A write that records what already happened and cannot be undone (an exit, a pause or unpause the runtime
/// did, a restart policy's step, a failed start's error) never fails the caller: the table keeps the state, and
/// <see cref="PersistOrRetryAsync"/> retries the write in the background, under the lock, until it lands. Until an
/// exit is written, conmon's exit file and pid files stay, so a restart in between still reads the exact exit code.
/// </item>
/// </list>
/// The table and the store therefore differ only while a retry is pending, and only in a state the store will get.
/// </summary>
public sealed partial class ContainerEngine
{
    private static readonly TimeSpan FirstWriteRetry = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan LastWriteRetry = TimeSpan.FromSeconds(5);

    /// <summary>Writes the entry's record; the caller holds the lock. Throws when the write fails.</summary>
    private async Task SaveUnlockedAsync(ContainerEntry entry)
    {
        await _store.SaveAsync(entry.Record, CancellationToken.None);
        entry.Unsaved = false;
    }

    /// <summary>Writes a state the container is already in; on failure keeps it and retries in the background.
    /// Returns true when the write landed now. The caller holds the lock.</summary>
    private async Task<bool> PersistOrRetryAsync(ContainerEntry entry)
    {
        try
        {
            await SaveUnlockedAsync(entry);
            return true;
        }
        catch (Exception ex)
        {
            if (StorageFullException.IsDiskFull(ex, _options.DataRoot))
                _logger.LogWarning("Could not write the state of {Id}, the disk is full: retrying until space returns ({Message})", entry.Record.ShortId, ex.Message);
            else
                _logger.LogError(ex, "Could not write the state of {Id}; retrying", entry.Record.ShortId);
            entry.Unsaved = true;
            if (!entry.WriteRetryRunning)
            {
                entry.WriteRetryRunning = true;
                RunInBackground(() => RetryWriteAsync(entry), "Retrying the state write", entry.Record.Id);
            }
            return false;
        }
    }

    /// <summary>Writes the entry's current record (the latest state, which supersedes the one that failed) until it
    /// lands, the container is removed, or the engine stops. Then removes the exit file of a container that is not
    /// running, whose exit is now in the store.</summary>
    private async Task RetryWriteAsync(ContainerEntry entry)
    {
        var delay = FirstWriteRetry;
        for (var attempt = 1; ; attempt++)
        {
            await Task.Delay(delay, _shutdown.Token);
            using var lease = await TryLockAsync(entry);
            if (lease is null) return;
            if (!entry.Unsaved)
            {
                entry.WriteRetryRunning = false; // another write landed meanwhile
                if (!entry.Record.State.Status.IsAlive()) TryCleanup(() => _runtime.CleanupFiles(entry.Record.Id));
                return;
            }
            try
            {
                await SaveUnlockedAsync(entry);
            }
            catch (Exception ex)
            {
                _logger.LogDebug(ex, "Write {Attempt} of the state of {Id} failed", attempt, entry.Record.ShortId);
                delay = delay * 2 < LastWriteRetry ? delay * 2 : LastWriteRetry;
                continue;
            }
            entry.WriteRetryRunning = false;
            _logger.LogInformation("Wrote the state of {Id} ({Status}) after {Attempts} attempts", entry.Record.ShortId,
                entry.Record.State.Status.DockerName(), attempt + 1);
            if (!entry.Record.State.Status.IsAlive()) TryCleanup(() => _runtime.CleanupFiles(entry.Record.Id));
            return;
        }
    }
}
