using Dashboard.Engine.Runtime;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Parsing;
using Microsoft.Extensions.Logging;
using Dashboard.Engine.Events;

namespace Dashboard.Engine.Containers;

public sealed partial class ContainerEngine
{
    private const int SigKill = 9;
    private const int SigTerm = 15;

    public async Task<bool> StartAsync(string reference, CancellationToken cancellationToken)
    {
        using var lease = await LockAsync(reference, cancellationToken);
        var entry = lease.Entry;
        var status = entry.Record.State.Status;
        if (status.IsAlive()) return false;
        if (!status.CanStart())
            throw new InvalidContainerStateException(entry.Record.Id, status.DockerName(), "start");
        CancelPendingRestart(entry);
        entry.Update(r => r with { State = r.State with { StoppedByUser = false } });
        await StartUnlockedAsync(entry, cancellationToken);
        return true;
    }

    /// <summary>Mounts the rootfs, writes the bundle, runs conmon + runtime create, watches OOM, then starts the
    /// user's process. On failure the runtime state and mount are undone and the error is recorded.</summary>
    private async Task StartUnlockedAsync(ContainerEntry entry, CancellationToken cancellationToken)
    {
        var record = entry.Record;
        var id = record.Id;
        var previousStart = record.State.StartedAt;
        // A state whose write is still pending (an exit recorded on a full disk) goes first: this start replaces the
        // exit file that holds it. If it cannot be written, nothing has been done yet.
        if (entry.Unsaved) await SaveUnlockedAsync(entry);
        Task? persisted = null;
        Networking.ContainerNetworkSetup? network = null;
        try
        {
            // First, so that a start refused for a missing namespace target leaves nothing mounted.
            var joins = ResolveJoins(record);
            var image = _images.Resolve(record.ImageId);
            // The network (namespace, netavark: tens of milliseconds) is set up while the rootfs is mounted. A port
            // clash is refused before the runtime is asked for anything, and the failure path undoes both.
            // On a thread of its own: the store's writes (SQLite, synchronous under its async API) would otherwise run
            // before the mount instead of beside it.
            var networkSetup = Task.Run(() => SetupNetworkAsync(record, cancellationToken), CancellationToken.None);
            try
            {
                _snapshotter.Prepare(id);
                _snapshotter.Mount(id, _images.LayerPaths(image));
                if (record.Config.IpcMode.IsPrivate) joins = joins with { ShmSource = _snapshotter.MountShm(id, record.Config.ShmSizeBytes) };
            }
            catch
            {
                // Finished before the teardown below runs; its own failure, if any, is not the one to report.
                try { await networkSetup; } catch (Exception) { /* the mount failure is the one reported */ }
                throw;
            }
            network = await networkSetup;
            if (network is not null) joins = joins with { NetworkNamespacePath = network.NetnsPath };
            var directory = _snapshotter.ContainerDirectory(id);
            var hostname = ContainerHostname.For(record.Config, id, joins.NetworkTargetHostname);
            var etcFiles = BundleFiles.Write(directory, hostname, network);
            // Like docker -v, a bind source that does not exist yet is created as a directory.
            foreach (var bind in record.Config.Binds)
                if (!Path.Exists(bind.Source)) Directory.CreateDirectory(bind.Source);
            await PopulateVolumesAsync(record, cancellationToken);
            var spec = OciSpecGenerator.GenerateJson(SpecInput(record, image, joins, etcFiles));
            await File.WriteAllTextAsync(Path.Combine(directory, "config.json"), spec, CancellationToken.None);

            // Leftover runtime state (from a crash) would make create fail; the common case has none, and the
            // delete costs a runc process (~4 ms) per start.
            if (Directory.Exists(Path.Combine(new RuntimePaths(_options.RunRoot).RuntimeRoot, id))) await DeleteRuntimeStateAsync(id);
            else TryCleanup(() => _runtime.CleanupFiles(id));
            var logLimits = PrepareLog(record);
            var created = await _runtime.CreateAsync(
                new RuntimeCreateRequest(id, directory, LogPath(id))
                {
                    LogSizeMax = logLimits.MaxSizeBytes,
                    Stdin = record.Config.OpenStdin,
                    // A terminal is never closed by an attach that ends (Docker closes stdin on EOF only without a TTY).
                    LeaveStdinOpen = !record.Config.StdinOnce || record.Config.Tty,
                    Terminal = record.Config.Tty,
                }, cancellationToken);
            // conmon listens on the attach socket now and the process has not run yet: attaches that waited for this
            // start are connected here and miss nothing.
            await ConnectPendingAttachmentsAsync(entry);
            _logRotation?.Watch(id, LogPath(id), logLimits);
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
                    Networks = network?.Endpoints ?? [],
                    Ports = network?.Ports ?? [],
                },
            });
            // runc start and the durable record of the start overlap (each costs milliseconds). A process that exits
            // at once is processed after both, under the lock this start holds, so its state is written after this one.
            var runtimeStart = _runtime.StartAsync(id, CancellationToken.None);
            persisted = PersistStartAsync(entry);
            await Task.WhenAll(runtimeStart, persisted);
        }
        catch (Exception ex) when (StorageFullException.IsDiskFull(ex, _options.DataRoot))
        {
            // A start that cannot be recorded does not happen: the runtime state, mounts and record go back to what
            // they were, which is what the store still holds (or gets back, if the start's own write landed).
            _logger.LogWarning("Start of container {Id} undone, the disk is full: {Reason}", id, ex.Message);
            entry.Attachments.EndAll();
            _oom.Unwatch(id);
            _logRotation?.Unwatch(id);
            await DeleteRuntimeStateAsync(id);
            await TeardownNetworkQuietlyAsync(id);
            TryCleanup(() => _snapshotter.Unmount(id));
            entry.Update(_ => record);
            if (persisted is { IsCompletedSuccessfully: true }) await PersistOrRetryAsync(entry);
            throw StorageFullException.From(ex, _options.DataRoot, "writing the container's bundle files or its state");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("Start of container {Id} failed: {Reason}", id, ex.Message);
            var exitCode = StartFailureExitCode(ex);
            entry.Attachments.EndAll();
            _oom.Unwatch(id);
            _logRotation?.Unwatch(id);
            await DeleteRuntimeStateAsync(id);
            await TeardownNetworkQuietlyAsync(id);
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
                    Networks = [],
                    Ports = [],
                },
            });
            await PersistOrRetryAsync(entry);
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
        // Docker's order: the network connects, then the start.
        if (_networks is not null && entry.Record.State.Networks.Count > 0) await _networks.AnnounceAsync(entry.Record.Id);
        await PublishAsync(EventActions.Start, entry.Record);
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
        using var lease = await LockAsync(reference, cancellationToken);
        var entry = lease.Entry;
        CancelPendingRestart(entry);
        var status = entry.Record.State.Status;
        if (status == ContainerStatus.Restarting)
        {
            entry.Update(r => r with { State = r.State with { Status = ContainerStatus.Exited, StoppedByUser = true } });
            await PersistOrRetryAsync(entry);
            return true;
        }
        if (!status.IsAlive()) return false;
        await StopUnlockedAsync(entry, timeoutSeconds, signal);
        return true;
    }

    private async Task StopUnlockedAsync(ContainerEntry entry, int? timeoutSeconds, string? signal)
    {
        entry.Update(r => r with { State = r.State with { StoppedByUser = true } });
        entry.Attachments.ReleaseLive();
        var stopSignal = ParseSignal(signal ?? entry.Record.Config.StopSignal ?? "SIGTERM");
        var timeout = timeoutSeconds ?? entry.Record.Config.StopTimeout ?? _options.DefaultStopTimeoutSeconds;
        await KillQuietlyAsync(entry, stopSignal);
        if (entry.Record.State.Status == ContainerStatus.Paused) await ResumeQuietlyAsync(entry);
        var code = await WaitForExitFileAsync(entry, timeout < 0 ? Timeout.InfiniteTimeSpan : TimeSpan.FromSeconds(timeout));
        if (code is null)
        {
            await KillQuietlyAsync(entry, SigKill);
            ThawQuietly(entry); // a frozen process never dies, even of SIGKILL
            code = await WaitForExitFileAsync(entry, TimeSpan.FromSeconds(10))
                ?? throw new EngineTimeoutException($"container {entry.Record.ShortId} did not exit after SIGKILL");
        }
        await CompleteExitUnlockedAsync(entry, code.Value, ExitTime(entry.Record.Id));
        await PublishAsync(EventActions.Stop, entry.Record);
    }

    public async Task KillAsync(string reference, string? signal, CancellationToken cancellationToken)
    {
        var number = ParseSignal(signal ?? "SIGKILL");
        using var lease = await LockAsync(reference, cancellationToken);
        var entry = lease.Entry;
        var status = entry.Record.State.Status;
        if (!status.CanKill())
            throw new InvalidContainerStateException(entry.Record.Id, "not running", "kill");
        if (number == SigKill)
        {
            CancelPendingRestart(entry);
            entry.Attachments.ReleaseLive();
        }
        try
        {
            await _runtime.KillAsync(entry.Record.Id, number, all: false, cancellationToken);
        }
        catch (OciRuntimeException)
        {
            await ThrowIfExitedAsync(entry, "kill");
            throw;
        }
        await PublishAsync(EventActions.Kill, entry.Record, new Dictionary<string, string> { [EventAttributeKeys.Signal] = number.ToString() });
    }

    public async Task RestartAsync(string reference, int? timeoutSeconds, CancellationToken cancellationToken)
    {
        CheckStopTimeout(timeoutSeconds);
        using var lease = await LockAsync(reference, cancellationToken);
        var entry = lease.Entry;
        CancelPendingRestart(entry);
        var status = entry.Record.State.Status;
        if (status.IsAlive()) await StopUnlockedAsync(entry, timeoutSeconds, null);
        else if (!status.CanStart()) throw new InvalidContainerStateException(entry.Record.Id, status.DockerName(), "restart");
        entry.Update(r => r with { State = r.State with { StoppedByUser = false } });
        await StartUnlockedAsync(entry, cancellationToken);
        await PublishAsync(EventActions.Restart, entry.Record);
    }

    public Task PauseAsync(string reference, CancellationToken cancellationToken) =>
        ChangeFreezerAsync(reference, pause: true, cancellationToken);

    public Task UnpauseAsync(string reference, CancellationToken cancellationToken) =>
        ChangeFreezerAsync(reference, pause: false, cancellationToken);

    private async Task ChangeFreezerAsync(string reference, bool pause, CancellationToken cancellationToken)
    {
        using var lease = await LockAsync(reference, cancellationToken);
        var entry = lease.Entry;
        var status = entry.Record.State.Status;
        var verb = pause ? "pause" : "unpause";
        if (pause ? !status.CanPause() : !status.CanUnpause())
            throw new InvalidContainerStateException(entry.Record.Id,
                status == ContainerStatus.Paused ? "paused" : status == ContainerStatus.Running ? "not paused" : "not running", verb);
        try
        {
            if (pause) await _runtime.PauseAsync(entry.Record.Id, cancellationToken);
            else await _runtime.ResumeAsync(entry.Record.Id, cancellationToken);
        }
        catch (OciRuntimeException)
        {
            await ThrowIfExitedAsync(entry, verb);
            await ThrowIfFreezerAlreadyAsync(entry, pause);
            if (pause) await ThrowIfExitingAsync(entry, verb);
            throw;
        }
        entry.Update(r => r with { State = r.State with { Status = pause ? ContainerStatus.Paused : ContainerStatus.Running } });
        await PersistOrRetryAsync(entry);
        await PublishAsync(pause ? EventActions.Pause : EventActions.Unpause, entry.Record);
    }

    /// <summary>
    /// After a pause or unpause failed on a live container: when the runtime already has it in the state asked for
    /// (runc answers "container not paused" to an unpause when the freezer has let go of an exiting process, say), the
    /// record follows the runtime and the call is the 409 Docker answers ("is not paused", "is paused"). Otherwise the
    /// runtime's error stands.
    /// </summary>
    private async Task ThrowIfFreezerAlreadyAsync(ContainerEntry entry, bool pause)
    {
        RuntimeState? state;
        try { state = await _runtime.StateAsync(entry.Record.Id, CancellationToken.None); }
        catch (OciRuntimeException) { return; }
        var actual = state?.Status switch
        {
            "paused" => ContainerStatus.Paused,
            "running" => ContainerStatus.Running,
            _ => (ContainerStatus?)null,
        };
        if (actual != (pause ? ContainerStatus.Paused : ContainerStatus.Running)) return;
        if (entry.Record.State.Status != actual)
        {
            entry.Update(r => r with { State = r.State with { Status = actual.Value } });
            await PersistOrRetryAsync(entry);
        }
        throw new InvalidContainerStateException(entry.Record.Id, pause ? "paused" : "not paused", pause ? "pause" : "unpause");
    }

    private async Task KillQuietlyAsync(ContainerEntry entry, int signal)
    {
        try { await _runtime.KillAsync(entry.Record.Id, signal, all: signal == SigKill, CancellationToken.None); }
        catch (OciRuntimeException ex) { _logger.LogDebug(ex, "kill {Signal} of {Id}", signal, entry.Record.ShortId); }
    }

    private async Task ResumeQuietlyAsync(ContainerEntry entry)
    {
        try { await _runtime.ResumeAsync(entry.Record.Id, CancellationToken.None); }
        catch (OciRuntimeException ex)
        {
            // runc refuses to resume a cgroup its freezer left half frozen ("container not paused"): thaw it directly.
            _logger.LogDebug(ex, "resume of {Id}", entry.Record.ShortId);
            ThawQuietly(entry);
        }
    }

    /// <summary>Thaws the container's cgroup through the freezer files (harmless when it is not frozen).</summary>
    private void ThawQuietly(ContainerEntry entry)
    {
        if (_cgroups is { } layout) TryCleanup(() => Cgroups.ContainerCgroup.Of(layout, _options.CgroupParent, entry.Record.Id).Thaw());
    }

    /// <summary>runtime delete --force (it kills what is left and removes the cgroups), then conmon's files. With
    /// <paramref name="keepExitFile"/> the files stay until the exit they record is durably stored.</summary>
    private async Task DeleteRuntimeStateAsync(string id, bool keepExitFile = false)
    {
        try { await _runtime.DeleteAsync(id, force: true, CancellationToken.None); }
        catch (OciRuntimeException ex) { _logger.LogDebug(ex, "runtime delete of {Id}", id); }
        if (!keepExitFile) TryCleanup(() => _runtime.CleanupFiles(id));
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
