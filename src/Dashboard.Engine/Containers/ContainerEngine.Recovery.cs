using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Containers;

public sealed partial class ContainerEngine
{
    /// <summary>
    /// Loads every persisted container and reconciles it with what the runtime and conmon know: containers still
    /// running are re-adopted (same PID, not restarted); ones that exited while the daemon was down get the exit
    /// code conmon recorded, and their restart policy then applies. Call once, before serving requests.
    /// </summary>
    public async Task RecoverAsync(CancellationToken cancellationToken)
    {
        var records = await _store.LoadAllAsync(cancellationToken);
        var exitedWhileDown = new List<(ContainerEntry Entry, int ExitCode, DateTimeOffset FinishedAt)>();
        foreach (var record in records)
        {
            var entry = new ContainerEntry(record, _table.Feed);
            _table.Add(entry);
            var status = record.State.Status;
            if (status == ContainerStatus.Removing)
            {
                exitedWhileDown.Add((entry, record.State.ExitCode ?? 0, record.State.FinishedAt ?? DateTimeOffset.UtcNow));
                continue;
            }
            if (!status.IsAlive() && status != ContainerStatus.Restarting) continue;

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
                continue;
            }

            var exitCode = _runtime.ReadExitCode(record.Id) ?? (status == ContainerStatus.Restarting ? record.State.ExitCode ?? 0 : 255);
            var exitFile = _runtime.ExitFilePath(record.Id);
            var finishedAt = File.Exists(exitFile) ? new DateTimeOffset(File.GetLastWriteTimeUtc(exitFile)) : DateTimeOffset.UtcNow;
            // Mark it alive for the exit path, which only processes live containers.
            entry.Update(r => r with { State = r.State with { Status = ContainerStatus.Running, FinishedAt = r.State.StartedAt?.AddTicks(-1) } });
            exitedWhileDown.Add((entry, exitCode, finishedAt));
        }

        foreach (var (entry, exitCode, finishedAt) in exitedWhileDown)
        {
            if (entry.Record.State.Status == ContainerStatus.Removing)
            {
                await entry.Lock.WaitAsync(cancellationToken);
                try { await RemoveUnlockedAsync(entry); }
                finally { entry.Lock.Release(); }
                continue;
            }
            _logger.LogInformation("Container {Name} ({Id}) exited with {Code} while the daemon was down",
                entry.Record.Name, entry.Record.ShortId, exitCode);
            await OnContainerExitedAsync(entry.Record.Id, exitCode, finishedAt);
        }
    }
}
