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
        using var lease = await TryLockAsync(entry);
        if (lease is not null && IsStillExit(entry, exited)) await RemoveUnlockedAsync(entry);
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
            await SaveQuietlyAsync(entry.Record);
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
                var failed = entry.Record;
                RunInBackground(() => AfterExitAsync(entry, failed), "After-exit handling", failed.Id);
            }
        }
    }

    private async Task SaveQuietlyAsync(ContainerRecord record)
    {
        try { await _store.SaveAsync(record, CancellationToken.None); }
        catch (Exception ex) { _logger.LogError(ex, "Could not persist state of {Id}", record.ShortId); }
    }
}
