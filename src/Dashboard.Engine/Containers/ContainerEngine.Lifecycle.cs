using Dashboard.Engine.Runtime;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Parsing;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Containers;

public sealed partial class ContainerEngine
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    public async Task<bool> StartAsync(string reference, CancellationToken cancellationToken)
    {
        var entry = _table.Resolve(reference);
        await entry.Lock.WaitAsync(cancellationToken);
        try
        {
            var status = entry.Record.State.Status;
            if (status.IsAlive()) return false;
            if (!status.CanStart())
                throw new InvalidContainerStateException(entry.Record.Id, status.DockerName(), "start");
            CancelPendingRestart(entry);
            entry.Update(r => r with { State = r.State with { StoppedByUser = false } });
            await StartUnlockedAsync(entry, cancellationToken);
            return true;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    /// <summary>Mounts the rootfs, writes the bundle, runs conmon + runtime create, watches OOM, then starts the
    /// user's process. On failure the runtime state and mount are undone and the error is recorded.</summary>
    private async Task StartUnlockedAsync(ContainerEntry entry, CancellationToken cancellationToken)
    {
        var record = entry.Record;
        var id = record.Id;
        var previousStart = record.State.StartedAt;
        try
        {
            // First, so that a start refused for a missing namespace target leaves nothing mounted.
            var joins = ResolveJoins(record);
            var image = _images.Resolve(record.ImageId);
            _snapshotter.Prepare(id);
            _snapshotter.Mount(id, _images.LayerPaths(image));
            if (record.Config.IpcMode.IsPrivate) joins = joins with { ShmSource = _snapshotter.MountShm(id, record.Config.ShmSizeBytes) };
            var directory = _snapshotter.ContainerDirectory(id);
            var hostname = ContainerHostname.For(record.Config, id, joins.NetworkTargetHostname);
            var etcFiles = BundleFiles.Write(directory, hostname);
            // Like docker -v, a bind source that does not exist yet is created as a directory.
            foreach (var bind in record.Config.Binds)
                if (!Path.Exists(bind.Source)) Directory.CreateDirectory(bind.Source);
            var spec = OciSpecGenerator.GenerateJson(SpecInput(record, image, joins, etcFiles));
            await File.WriteAllTextAsync(Path.Combine(directory, "config.json"), spec, CancellationToken.None);

            // Leftover runtime state (from a crash) would make create fail; the common case has none, and the
            // delete costs a runc process (~4 ms) per start.
            if (Directory.Exists(Path.Combine(new RuntimePaths(_options.RunRoot).RuntimeRoot, id))) await DeleteRuntimeStateAsync(id);
            else TryCleanup(() => _runtime.CleanupFiles(id));
            var created = await _runtime.CreateAsync(new RuntimeCreateRequest(id, directory, LogPath(id)), cancellationToken);
            entry.OomKillsAtStart = _oom.ReadOomKillCount(id);
            entry.OomSeenThisRun = false;
            entry.LastOom = null;
            entry.OomKillsReported = entry.OomKillsAtStart;
            _oom.Watch(id);
            // Running from here on, before the user's process starts: a process that exits at once is reported
            // by the exit watcher, and the exit path only handles containers it knows to be alive.
            entry.Update(r => r with
            {
                State = r.State with
                {
                    Status = ContainerStatus.Running,
                    Pid = created.Pid,
                    ConmonPid = created.ConmonPid,
                    StartedAt = DateTimeOffset.UtcNow,
                    ExitCode = 0,
                    OomKilled = false,
                    Error = null,
                    Hostname = hostname,
                },
            });
            var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            entry.RuntimeStartDone = started.Task;
            try
            {
                // runc start and the durable record of the start overlap (each costs milliseconds); the exit path
                // waits for both, so a quick exit's state is always written after this one.
                var runtimeStart = _runtime.StartAsync(id, CancellationToken.None);
                var persisted = PersistStartAsync(entry);
                await Task.WhenAll(runtimeStart, persisted);
            }
            finally
            {
                started.TrySetResult();
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Start of container {Id} failed: {Reason}", id, ex.Message);
            var exitCode = StartFailureExitCode(ex);
            _oom.Unwatch(id);
            await DeleteRuntimeStateAsync(id);
            TryCleanup(() => _snapshotter.Unmount(id));
            entry.Update(r => r with
            {
                State = r.State with
                {
                    Status = previousStart is null ? ContainerStatus.Created : ContainerStatus.Exited,
                    StartedAt = previousStart,
                    Pid = null,
                    ConmonPid = null,
                    ExitCode = exitCode,
                    Error = ex.Message,
                },
            });
            await _store.SaveAsync(entry.Record, CancellationToken.None);
            entry.SignalExit(exitCode);
            // A command that cannot be run is the user's mistake, not the daemon's (Docker answers 400 too); the
            // runtime's own words are kept, since the docker CLI derives its exit code 126/127 from them.
            if (ex is OciRuntimeException runtime && exitCode is 126 or 127)
                throw new ValidationException("cmd", runtime.Message);
            throw;
        }
    }

    private async Task PersistStartAsync(ContainerEntry entry)
    {
        await _store.SaveAsync(entry.Record, CancellationToken.None);
        await PublishAsync("start", entry.Record);
    }

    /// <summary>Docker's exit codes for a start that failed: 127 when the command does not exist, 126 when it
    /// cannot be executed, 128 otherwise.</summary>
    internal static int StartFailureExitCode(Exception error)
    {
        if (error is not OciRuntimeException) return 128;
        var text = error.Message;
        if (text.Contains("executable file not found", StringComparison.OrdinalIgnoreCase)
            || (text.Contains("exec", StringComparison.Ordinal) && text.Contains("no such file or directory", StringComparison.OrdinalIgnoreCase)))
            return 127;
        if (text.Contains("permission denied", StringComparison.OrdinalIgnoreCase) || text.Contains("is a directory", StringComparison.OrdinalIgnoreCase))
            return 126;
        return 128;
    }

    public async Task<bool> StopAsync(string reference, int? timeoutSeconds, string? signal, CancellationToken cancellationToken)
    {
        CheckStopTimeout(timeoutSeconds);
        var entry = _table.Resolve(reference);
        await entry.Lock.WaitAsync(cancellationToken);
        try
        {
            CancelPendingRestart(entry);
            var status = entry.Record.State.Status;
            if (status == ContainerStatus.Restarting)
            {
                entry.Update(r => r with { State = r.State with { Status = ContainerStatus.Exited, StoppedByUser = true } });
                await _store.SaveAsync(entry.Record, CancellationToken.None);
                return true;
            }
            if (!status.IsAlive()) return false;
            await StopUnlockedAsync(entry, timeoutSeconds, signal);
            return true;
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    private async Task StopUnlockedAsync(ContainerEntry entry, int? timeoutSeconds, string? signal)
    {
        entry.Update(r => r with { State = r.State with { StoppedByUser = true } });
        var exited = entry.NextExit;
        var stopSignal = ParseSignal(signal ?? entry.Record.Config.StopSignal ?? "SIGTERM");
        var timeout = timeoutSeconds ?? entry.Record.Config.StopTimeout ?? _options.DefaultStopTimeoutSeconds;
        await KillQuietlyAsync(entry, stopSignal);
        if (entry.Record.State.Status == ContainerStatus.Paused) await ResumeQuietlyAsync(entry);
        var graceful = timeout < 0 ? await WaitForExitAsync(entry, exited, Timeout.InfiniteTimeSpan)
            : await WaitForExitAsync(entry, exited, TimeSpan.FromSeconds(timeout));
        if (!graceful)
        {
            await KillQuietlyAsync(entry, SigKill);
            if (!await WaitForExitAsync(entry, exited, TimeSpan.FromSeconds(10)))
                throw new EngineTimeoutException($"container {entry.Record.ShortId} did not exit after SIGKILL");
        }
        await PublishAsync("stop", entry.Record);
    }

    public async Task KillAsync(string reference, string? signal, CancellationToken cancellationToken)
    {
        var entry = _table.Resolve(reference);
        var number = ParseSignal(signal ?? "SIGKILL");
        await entry.Lock.WaitAsync(cancellationToken);
        try
        {
            var status = entry.Record.State.Status;
            if (!status.CanKill())
                throw new InvalidContainerStateException(entry.Record.Id, "not running", "kill");
            if (number == SigKill) CancelPendingRestart(entry);
            await _runtime.KillAsync(entry.Record.Id, number, all: false, cancellationToken);
            await PublishAsync("kill", entry.Record, new Dictionary<string, string> { ["signal"] = number.ToString() });
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    public async Task RestartAsync(string reference, int? timeoutSeconds, CancellationToken cancellationToken)
    {
        CheckStopTimeout(timeoutSeconds);
        var entry = _table.Resolve(reference);
        await entry.Lock.WaitAsync(cancellationToken);
        try
        {
            CancelPendingRestart(entry);
            if (entry.Record.State.Status.IsAlive()) await StopUnlockedAsync(entry, timeoutSeconds, null);
            entry.Update(r => r with { State = r.State with { StoppedByUser = false } });
            await StartUnlockedAsync(entry, cancellationToken);
            await PublishAsync("restart", entry.Record);
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    public Task PauseAsync(string reference, CancellationToken cancellationToken) =>
        ChangeFreezerAsync(reference, pause: true, cancellationToken);

    public Task UnpauseAsync(string reference, CancellationToken cancellationToken) =>
        ChangeFreezerAsync(reference, pause: false, cancellationToken);

    private async Task ChangeFreezerAsync(string reference, bool pause, CancellationToken cancellationToken)
    {
        var entry = _table.Resolve(reference);
        await entry.Lock.WaitAsync(cancellationToken);
        try
        {
            var status = entry.Record.State.Status;
            if (pause ? !status.CanPause() : !status.CanUnpause())
                throw new InvalidContainerStateException(entry.Record.Id,
                    status == ContainerStatus.Paused ? "paused" : status == ContainerStatus.Running ? "not paused" : "not running",
                    pause ? "pause" : "unpause");
            if (pause) await _runtime.PauseAsync(entry.Record.Id, cancellationToken);
            else await _runtime.ResumeAsync(entry.Record.Id, cancellationToken);
            entry.Update(r => r with { State = r.State with { Status = pause ? ContainerStatus.Paused : ContainerStatus.Running } });
            await _store.SaveAsync(entry.Record, CancellationToken.None);
            await PublishAsync(pause ? "pause" : "unpause", entry.Record);
        }
        finally
        {
            entry.Lock.Release();
        }
    }

    private async Task KillQuietlyAsync(ContainerEntry entry, int signal)
    {
        try { await _runtime.KillAsync(entry.Record.Id, signal, all: signal == SigKill, CancellationToken.None); }
        catch (OciRuntimeException ex) { _logger.LogDebug(ex, "kill {Signal} of {Id}", signal, entry.Record.ShortId); }
    }

    private async Task ResumeQuietlyAsync(ContainerEntry entry)
    {
        try { await _runtime.ResumeAsync(entry.Record.Id, CancellationToken.None); }
        catch (OciRuntimeException ex) { _logger.LogDebug(ex, "resume of {Id}", entry.Record.ShortId); }
    }

    /// <summary>Waits for the exit the caller captured before signalling. The exit is processed without the
    /// container lock (see Exits), so waiting here while holding it is safe.</summary>
    private static async Task<bool> WaitForExitAsync(ContainerEntry entry, Task<int> exited, TimeSpan timeout)
    {
        if (!entry.Record.State.Status.IsAlive()) return true;
        try
        {
            if (timeout == Timeout.InfiniteTimeSpan) await exited;
            else await exited.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task DeleteRuntimeStateAsync(string id)
    {
        try { await _runtime.DeleteAsync(id, force: true, CancellationToken.None); }
        catch (OciRuntimeException ex) { _logger.LogDebug(ex, "runtime delete of {Id}", id); }
        TryCleanup(() => _runtime.CleanupFiles(id));
    }

    private static int ParseSignal(string signal) =>
        Signals.TryParse(signal, out var number, out var error) ? number : throw new ValidationException("signal", error);

    /// <summary>A stop timeout the wait can arm, checked before anything is signalled (-1 waits forever).</summary>
    private static void CheckStopTimeout(int? seconds)
    {
        if (seconds > InputLimits.MaxStopTimeoutSeconds)
            throw new ValidationException("timeout", Spec.Validation.RuntimeRules.StopTimeoutTooLong(seconds.Value));
    }

    private static void CancelPendingRestart(ContainerEntry entry)
    {
        entry.PendingRestart?.Cancel();
        entry.PendingRestart = null;
    }
}

/// <summary>The runtime did not finish something in time; maps to 500.</summary>
public sealed class EngineTimeoutException(string message) : EngineException(message);
