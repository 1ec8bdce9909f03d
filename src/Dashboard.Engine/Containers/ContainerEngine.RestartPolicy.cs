using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Containers;

public sealed partial class ContainerEngine
{
    /// <summary>What follows an exit: the restart policy, or --rm. <paramref name="exited"/> is the record as the exit
    /// left it; each step takes the lock and acts only while the container is still in that very exit (not removed,
    /// not started again by the user meanwhile).</summary>
    private async Task AfterExitAsync(ContainerEntry entry, ContainerRecord exited)
    {
        var state = exited.State;
        if (RestartBackoff.ShouldRestart(exited.Config.RestartPolicy, state.ExitCode ?? 0, state.RestartCount, state.StoppedByUser))
        {
            await RestartByPolicyAsync(entry, exited);
            return;
        }
        if (!exited.Config.AutoRemove) return;
        // On a full disk the row cannot be deleted yet: tried again until space returns.
        for (var delay = FirstWriteRetry; ; delay = delay * 2 < LastWriteRetry ? delay * 2 : LastWriteRetry)
        {
            using (var lease = await TryLockAsync(entry))
            {
                if (lease is null || !IsStillExit(entry, exited)) return;
                try
                {
                    await RemoveUnlockedAsync(entry);
                }
                catch (StorageFullException ex)
                {
                    _logger.LogWarning("Auto-remove of {Id} waits for disk space: {Message}", entry.Record.ShortId, ex.Message);
                }
            }
            if (entry.IsRemoved)
            {
                // --rm takes the container's anonymous volumes too, as Docker's does; after its lock (see VolumeService).
                await RemoveAnonymousVolumesQuietlyAsync(exited.Config);
                return;
            }
            await Task.Delay(delay, _shutdown.Token);
        }
    }

    private static bool IsStillExit(ContainerEntry entry, ContainerRecord exited) =>
        entry.Record.State.Status == ContainerStatus.Exited && entry.Record.State.StartedAt == exited.State.StartedAt;

    private async Task RestartByPolicyAsync(ContainerEntry entry, ContainerRecord exited)
    {
        var state = exited.State;
        var ranFor = (state.FinishedAt ?? DateTimeOffset.UtcNow) - (state.StartedAt ?? DateTimeOffset.UtcNow);
        var consecutive = ranFor >= RestartBackoff.ResetAfter ? 0 : state.RestartCount;
        var delay = RestartBackoff.Delay(consecutive);
        using var pending = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);

        using (var lease = await TryLockAsync(entry))
        {
            if (lease is null || !IsStillExit(entry, exited) || entry.Record.State.StoppedByUser) return;
            entry.PendingRestart = pending;
            entry.Update(r => r with { State = r.State with { Status = ContainerStatus.Restarting } });
            await PersistOrRetryAsync(entry);
        }

        try
        {
            await Task.Delay(delay, pending.Token);
        }
        catch (OperationCanceledException)
        {
            return; // the user stopped, started or removed it meanwhile
        }

        using (var lease = await TryLockAsync(entry))
        {
            if (lease is null || pending.IsCancellationRequested || entry.Record.State.Status != ContainerStatus.Restarting) return;
            entry.PendingRestart = null;
            entry.Update(r => r with { State = r.State with { RestartCount = r.State.RestartCount + 1 } });
            try
            {
                await StartUnlockedAsync(entry, _shutdown.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning(ex, "Restart of {Id} by its {Policy} policy failed", entry.Record.ShortId, entry.Record.Config.RestartPolicy.DockerName);
                // A start undone for a full disk leaves it restarting: it is exited again, and the policy tries again.
                if (entry.Record.State.Status == ContainerStatus.Restarting)
                {
                    entry.Update(r => r with { State = r.State with { Status = ContainerStatus.Exited } });
                    await PersistOrRetryAsync(entry);
                }
                var failed = entry.Record;
                RunInBackground(() => AfterExitAsync(entry, failed), "After-exit handling", failed.Id);
            }
        }
    }
}
