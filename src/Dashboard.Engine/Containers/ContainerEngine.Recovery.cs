using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Containers;

public sealed partial class ContainerEngine
{
    /// <summary>
    /// Loads every persisted container and reconciles it with what the runtime and conmon know: containers still
    /// running are re-adopted (same PID, not restarted); ones that exited while the daemon was down get the exit
    /// code conmon recorded, and their restart policy then applies; a container whose start was cut short by a crash
    /// (recorded as created, with conmon and "runc init" still there) has them killed and stays created. Then sweeps
    /// what a crash left of containers that have no row (see Sweep). Call once, before serving requests.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var records = await _store.LoadAllAsync(cancellationToken);
        var entries = new List<ContainerEntry>();
        foreach (var record in records)
        {
            var entry = new ContainerEntry(record, _table.Feed);
            _table.Add(entry);
            entries.Add(entry);
        }
        // Under each lock: the exit watcher already runs and may report one of these exits meanwhile.
        foreach (var entry in entries)
        {
            using var lease = await TryLockAsync(entry);
            if (lease is not null) await ReconcileUnlockedAsync(entry, cancellationToken);
        }
        await SweepAsync(cancellationToken);
    }

    private async Task ReconcileUnlockedAsync(ContainerEntry entry, CancellationToken cancellationToken)
    {
        var record = entry.Record;
        var status = record.State.Status;
        if (status == ContainerStatus.Removing)
        {
            await RemoveUnlockedAsync(entry);
            return;
        }
        if (!status.IsAlive() && status != ContainerStatus.Restarting)
        {
            // Created, exited or dead: nothing of it may run. A crash between the runtime's create and the write of
            // the start leaves conmon and "runc init" waiting; the record stays what it says.
            if (await KillLeftoversAsync(record.Id))
                _logger.LogWarning("Container {Name} ({Id}) was being started or stopped when the daemon stopped; its leftover processes were killed and it stays {Status}",
                    record.Name, record.ShortId, status.DockerName());
            return;
        }

        var runtimeState = await _runtime.StateAsync(record.Id, cancellationToken);
        if (runtimeState is { Status: "running" or "paused" })
        {
            entry.Update(r => r with
            {
                State = r.State with
                {
                    Status = runtimeState.Status == "paused" ? ContainerStatus.Paused : ContainerStatus.Running,
                    Pid = runtimeState.Pid,
                },
            });
            entry.OomKillsAtStart = 0;
            entry.OomKillsReported = _oom.ReadOomKillCount(record.Id); // kills before the restart were published then
            _oom.Watch(record.Id);
            _logRotation?.Watch(record.Id, LogPath(record.Id), LogLimitsOf(record));
            _logger.LogInformation("Re-adopted container {Name} ({Id}), pid {Pid}", record.Name, record.ShortId, runtimeState.Pid);
            return;
        }

        // It exited while the daemon was down (or, restarting, was waiting for its back-off): the exit file, kept
        // until the exit is durably recorded, has the code; without one (a reboot emptied RunRoot) it is unknown.
        var recorded = _runtime.ReadExitCode(record.Id);
        var exitCode = recorded ?? (status == ContainerStatus.Restarting ? record.State.ExitCode ?? 0 : UnknownExitCode);
        var finishedAt = recorded is not null ? ExitTime(record.Id) : record.State.FinishedAt ?? DateTimeOffset.UtcNow;
        if (status != ContainerStatus.Restarting)
            _logger.LogInformation("Container {Name} ({Id}) exited with {Code} while the daemon was down", record.Name, record.ShortId, exitCode);
        await CompleteExitUnlockedAsync(entry, exitCode, finishedAt);
    }
}
