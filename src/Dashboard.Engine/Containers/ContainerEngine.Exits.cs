using Dashboard.Engine.Spec;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Containers;

public sealed partial class ContainerEngine
{
    /// <summary>
    /// Called when conmon has recorded a container's exit. Runs without the container lock, because stop and
    /// remove hold that lock while they wait for exactly this; it is safe because a live container cannot be
    /// started, and the runtime state is cleaned up before waiters are woken (so a restart that follows does not
    /// race the cleanup). Restart policies and auto-remove then run under the lock.
    /// </summary>
    public async Task OnContainerExitedAsync(string id, int exitCode, DateTimeOffset? finishedAt = null)
    {
        if (!_table.TryGet(id, out var entry)) return;
        lock (entry.ExitGate)
        {
            if (!entry.Record.State.Status.IsAlive() || entry.Record.State.FinishedAt > entry.Record.State.StartedAt)
                return;
            // Claim this exit so a second report of it is ignored.
            entry.Update(r => r with { State = r.State with { FinishedAt = finishedAt ?? DateTimeOffset.UtcNow } });
        }

        var oomKills = _oom.ReadOomKillCount(id);
        var oomKilled = exitCode == 137 && (entry.OomSeenThisRun || oomKills > entry.OomKillsAtStart);
        // The kernel's notification can trail the exit (v1 fires before it counts the kill); the counter is
        // authoritative, so a kill nobody published yet is published now, before the die it explains.
        if (oomKills > entry.OomKillsAtStart)
        {
            var limit = entry.Record.Config.Resources.MemoryBytes;
            await OnOomAsync(id, new OomReport(DateTimeOffset.UtcNow, oomKills, null, limit));
        }
        _oom.Unwatch(id);
        _logRotation?.Unwatch(id);
        try { await entry.RuntimeStartDone.WaitAsync(TimeSpan.FromSeconds(10)); }
        catch (TimeoutException) { _logger.LogWarning("runtime start of {Id} still running after its exit", entry.Record.ShortId); }
        await DeleteRuntimeStateAsync(id);
        TryCleanup(() => _snapshotter.Unmount(id));

        entry.Update(r => r with
        {
            State = r.State with
            {
                Status = ContainerStatus.Exited,
                Pid = null,
                ConmonPid = null,
                ExitCode = exitCode,
                OomKilled = oomKilled,
            },
        });
        await SaveQuietlyAsync(entry.Record);
        entry.SignalExit(exitCode);
        var attributes = new Dictionary<string, string>
        {
            ["exitCode"] = exitCode.ToString(),
            ["oomKilled"] = oomKilled ? "true" : "false",
        };
        // The memory figures at the moment of the kill, so the event alone explains it.
        if (oomKilled && entry.LastOom is { } oom)
        {
            if (oom.MemoryLimitBytes is { } limit) attributes["memoryLimit"] = limit.ToString();
            if (oom.MemoryUsageBytes is { } usage) attributes["memoryUsage"] = usage.ToString();
        }
        else if (oomKilled && entry.Record.Config.Resources.MemoryBytes is { } configured)
        {
            attributes["memoryLimit"] = configured.ToString();
        }
        await PublishAsync("die", entry.Record, attributes);
        _ = Task.Run(() => AfterExitAsync(entry));
    }

    /// <summary>Called by the OOM watcher when the kernel killed a process in the container's memory cgroup.</summary>
    public async Task OnOomAsync(string id, OomReport report)
    {
        if (!_table.TryGet(id, out var entry)) return;
        lock (entry.ExitGate)
        {
            if (report.OomKillCount <= entry.OomKillsReported) return; // already published
            entry.OomKillsReported = report.OomKillCount;
        }
        entry.OomSeenThisRun = true;
        entry.LastOom ??= report;
        if (report.MemoryUsageBytes is not null) entry.LastOom = report;
        var attributes = new Dictionary<string, string> { ["oomKillCount"] = report.OomKillCount.ToString() };
        if (report.MemoryLimitBytes is { } limit) attributes["memoryLimit"] = limit.ToString();
        if (report.MemoryUsageBytes is { } usage) attributes["memoryUsage"] = usage.ToString();
        if (report.VictimPid is { } pid) attributes["victimPid"] = pid.ToString();
        if (report.VictimCommand is { } command) attributes["victimCommand"] = command;
        await PublishAsync("oom", entry.Record, attributes);
    }

    private async Task AfterExitAsync(ContainerEntry entry)
    {
        try
        {
            var state = entry.Record.State;
            var config = entry.Record.Config;
            if (RestartBackoff.ShouldRestart(config.RestartPolicy, state.ExitCode ?? 0, state.RestartCount, state.StoppedByUser))
            {
                await RestartByPolicyAsync(entry);
                return;
            }
            if (config.AutoRemove && !entry.Removed.Task.IsCompleted)
            {
                await entry.Lock.WaitAsync(_shutdown.Token);
                try
                {
                    if (_table.TryGet(entry.Record.Id, out _) && !entry.Record.State.Status.IsAlive())
                        await RemoveUnlockedAsync(entry);
                }
                finally
                {
                    entry.Lock.Release();
                }
            }
        }
        catch (OperationCanceledException) when (_shutdown.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "After-exit handling of {Id} failed", entry.Record.ShortId);
        }
    }

    private async Task RestartByPolicyAsync(ContainerEntry entry)
    {
        var state = entry.Record.State;
        var ranFor = (state.FinishedAt ?? DateTimeOffset.UtcNow) - (state.StartedAt ?? DateTimeOffset.UtcNow);
        var consecutive = ranFor >= RestartBackoff.ResetAfter ? 0 : state.RestartCount;
        var delay = RestartBackoff.Delay(consecutive);
        var pending = CancellationTokenSource.CreateLinkedTokenSource(_shutdown.Token);

        await entry.Lock.WaitAsync(_shutdown.Token);
        try
        {
            if (entry.Record.State.Status != ContainerStatus.Exited || entry.Record.State.StoppedByUser) return;
            entry.PendingRestart = pending;
            entry.Update(r => r with { State = r.State with { Status = ContainerStatus.Restarting } });
            await SaveQuietlyAsync(entry.Record);
        }
        finally
        {
            entry.Lock.Release();
        }

        try
        {
            await Task.Delay(delay, pending.Token);
        }
        catch (OperationCanceledException)
        {
            return; // the user stopped, started or removed it meanwhile
        }

        await entry.Lock.WaitAsync(_shutdown.Token);
        try
        {
            if (pending.IsCancellationRequested || entry.Record.State.Status != ContainerStatus.Restarting) return;
            entry.PendingRestart = null;
            entry.Update(r => r with { State = r.State with { RestartCount = r.State.RestartCount + 1 } });
            try
            {
                await StartUnlockedAsync(entry, _shutdown.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogWarning(ex, "Restart of {Id} by its {Policy} policy failed", entry.Record.ShortId, entry.Record.Config.RestartPolicy.DockerName);
                _ = Task.Run(() => AfterExitAsync(entry));
            }
        }
        finally
        {
            entry.Lock.Release();
            pending.Dispose();
        }
    }

    private async Task SaveQuietlyAsync(ContainerRecord record)
    {
        try { await _store.SaveAsync(record, CancellationToken.None); }
        catch (Exception ex) { _logger.LogError(ex, "Could not persist state of {Id}", record.ShortId); }
    }
}
