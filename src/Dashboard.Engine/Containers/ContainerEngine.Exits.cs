using Microsoft.Extensions.Logging;
using Dashboard.Engine.Events;

namespace Dashboard.Engine.Containers;

public sealed partial class ContainerEngine
{
    /// <summary>How often a stop or remove that waits for an exit reads the exit file, besides the watcher's wake-up.</summary>
    private static readonly TimeSpan ExitFilePoll = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// conmon reported an exit (the exit watcher saw its exit file). Wakes a stop or remove that waits for it, then
    /// processes it under the container's lock. The report is only a hint: the exit file is read again under the lock,
    /// so a late report of an earlier run, whose file the current run's start removed, changes nothing.
    /// </summary>
    /// <param name="reportedExitCode">What the report read; the exit file read under the lock is what counts.</param>
    public async Task OnContainerExitedAsync(string id, int reportedExitCode, DateTimeOffset? finishedAt = null)
    {
        if (!_table.TryGet(id, out var entry)) return;
        entry.ReportExit();
        using var lease = await TryLockAsync(entry);
        if (lease is null || !entry.Record.State.Status.IsAlive()) return;
        if (_runtime.ReadExitCode(id) is not { } code)
        {
            _logger.LogDebug("Ignoring a stale exit report ({Code}) of {Id}: the current run has not exited", reportedExitCode, entry.Record.ShortId);
            return;
        }
        await CompleteExitUnlockedAsync(entry, code, finishedAt ?? ExitTime(id));
    }

    /// <summary>For the exit watcher's pump: processes the report in the background, so that one container's lock
    /// (held by a start, say) never delays another container's exit.</summary>
    internal void ReportExit(string id, int exitCode, DateTimeOffset time) =>
        RunInBackground(() => OnContainerExitedAsync(id, exitCode, time), "Handling the exit", id);

    /// <summary>
    /// Waits, holding the container's lock, until conmon has recorded the exit of the current run, and returns the
    /// code it recorded; null after <paramref name="timeout"/>. Woken by the watcher's report, and reads the file
    /// every <see cref="ExitFilePoll"/> as well, since the report may be queued behind this very lock.
    /// </summary>
    private async Task<int?> WaitForExitFileAsync(ContainerEntry entry, TimeSpan timeout)
    {
        var id = entry.Record.Id;
        var deadline = timeout == Timeout.InfiniteTimeSpan ? DateTime.MaxValue : DateTime.UtcNow + timeout;
        while (true)
        {
            var reported = entry.ExitReported; // taken before reading, so a report in between still wakes us
            if (_runtime.ReadExitCode(id) is { } code) return code;
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero) return null;
            await Task.WhenAny(reported, Task.Delay(left < ExitFilePoll ? left : ExitFilePoll));
        }
    }

    /// <summary>When conmon wrote the exit file (its modification time), or now when there is none.</summary>
    private DateTimeOffset ExitTime(string id)
    {
        var file = _runtime.ExitFilePath(id);
        return File.Exists(file) ? new DateTimeOffset(File.GetLastWriteTimeUtc(file), TimeSpan.Zero) : DateTimeOffset.UtcNow;
    }

    /// <summary>
    /// After a runtime call failed on a container its record says is alive: when the process has in fact ended (kill,
    /// pause or unpause of a container that exited a moment ago), processes the exit now, under the caller's lock, and
    /// throws the 409 Docker answers for a container that is not running. Returns when the container is alive, so the
    /// runtime's error stands.
    /// </summary>
    private async Task ThrowIfExitedAsync(ContainerEntry entry, string attempted)
    {
        if (await ExitedMeanwhileAsync(entry))
            throw new InvalidContainerStateException(entry.Record.Id, "not running", attempted);
    }

    /// <summary>
    /// After a freeze failed on a container the runtime still calls running: on cgroup v1 the freezer cannot settle
    /// while a task is exiting (runc's "unable to freeze"), which is what a pause right after a SIGKILL meets. Gives that
    /// exit a moment to arrive; when it does, the pause lost a race with the exit (409, exit recorded), otherwise the
    /// runtime's error stands.
    /// </summary>
    private async Task ThrowIfExitingAsync(ContainerEntry entry, string attempted)
    {
        if (await WaitForExitFileAsync(entry, ExitingGrace) is not { } code) return;
        await CompleteExitUnlockedAsync(entry, code, ExitTime(entry.Record.Id));
        throw new InvalidContainerStateException(entry.Record.Id, "not running", attempted);
    }

    private static readonly TimeSpan ExitingGrace = TimeSpan.FromSeconds(1);

    /// <summary>True (with the exit processed) when the container's process has ended although the exit is not
    /// processed yet; the caller holds the lock and the record says alive.</summary>
    private async Task<bool> ExitedMeanwhileAsync(ContainerEntry entry)
    {
        var id = entry.Record.Id;
        var code = _runtime.ReadExitCode(id);
        if (code is null)
        {
            Runtime.RuntimeState? state;
            try { state = await _runtime.StateAsync(id, CancellationToken.None); }
            catch (OciRuntimeException) { return false; }
            if (state is { Status: "running" or "paused" or "created" or "creating" }) return false;
            // The runtime has it stopped (or forgot it); conmon writes the exit file right after reaping the process.
            code = await WaitForExitFileAsync(entry, TimeSpan.FromSeconds(2)) ?? UnknownExitCode;
        }
        await CompleteExitUnlockedAsync(entry, code.Value, ExitTime(id));
        return true;
    }

    /// <summary>Docker's exit code for a container whose real one nobody recorded.</summary>
    private const int UnknownExitCode = 255;

    /// <summary>
    /// Processes the exit of the current run; the caller holds the lock and the record says alive. In this order:
    /// publishes an OOM kill the kernel counted but nobody reported yet (and waits for one the watcher is still
    /// storing), records the exit (table, then store), publishes the die, then deletes the runtime state and unmounts
    /// the rootfs, and only then releases the waiters and (unless told not to) applies the restart policy or --rm.
    /// <para>
    /// Two promises follow from the order. A waiter (wait, `docker run`, --rm's removed) finds the container's whole
    /// history in the store: its waits complete after the die (and any oom) is stored. And the die is not held up by the
    /// cleanup: `runtime delete` is a runc process, tens of milliseconds and more under load, which is what the die of
    /// a container used to wait for. The lock is held throughout, so nothing acts on the container before its runtime
    /// state and mounts are gone; a crash between the die and the cleanup leaves what recovery removes from a
    /// container recorded as exited.
    /// </para>
    /// </summary>
    private async Task CompleteExitUnlockedAsync(ContainerEntry entry, int exitCode, DateTimeOffset finishedAt, bool afterExit = true)
    {
        var id = entry.Record.Id;
        var oomKills = _oom.ReadOomKillCount(id);
        var oomKilled = exitCode == 137 && (entry.OomSeenThisRun || oomKills > entry.OomKillsAtStart);
        // The kernel's notification can trail the exit (v1 fires before it counts the kill); the counter is
        // authoritative, so a kill nobody published yet is published now, before the die it explains.
        if (oomKills > entry.OomKillsAtStart)
        {
            var limit = entry.Record.Config.Resources.MemoryBytes;
            await OnOomAsync(id, new OomReport(DateTimeOffset.UtcNow, oomKills, null, limit));
        }
        await entry.OomPublished;
        _oom.Unwatch(id);
        _logRotation?.Unwatch(id);

        entry.BeginExit();
        entry.Update(r => r with
        {
            State = r.State with
            {
                Status = ContainerStatus.Exited,
                Pid = null,
                ConmonPid = null,
                ExitCode = exitCode,
                OomKilled = oomKilled,
                FinishedAt = finishedAt,
                Networks = [],
                Ports = [],
            },
        });
        await PersistExitAsync(entry);
        await PublishAsync(EventActions.Die, entry.Record, DieAttributes(entry, exitCode, oomKilled));

        try
        {
            await DeleteRuntimeStateAsync(id, keepExitFile: true);
            await TeardownNetworkQuietlyAsync(id);
            TryCleanup(() => _snapshotter.Unmount(id));
        }
        finally
        {
            entry.SignalExit(exitCode);
        }
        if (afterExit)
        {
            var exited = entry.Record;
            RunInBackground(() => AfterExitAsync(entry, exited), "After-exit handling", id);
        }
    }

    private static Dictionary<string, string> DieAttributes(ContainerEntry entry, int exitCode, bool oomKilled)
    {
        var attributes = new Dictionary<string, string>
        {
            [EventAttributeKeys.ExitCode] = exitCode.ToString(),
            [EventAttributeKeys.OomKilled] = oomKilled ? "true" : "false",
        };
        // The memory figures at the moment of the kill, so the event alone explains it.
        if (oomKilled && entry.LastOom is { } oom)
        {
            if (oom.MemoryLimitBytes is { } limit) attributes[EventAttributeKeys.MemoryLimit] = limit.ToString();
            if (oom.MemoryUsageBytes is { } usage) attributes[EventAttributeKeys.MemoryUsage] = usage.ToString();
        }
        else if (oomKilled && entry.Record.Config.Resources.MemoryBytes is { } configured)
        {
            attributes[EventAttributeKeys.MemoryLimit] = configured.ToString();
        }
        return attributes;
    }

    /// <summary>Writes the exit to the store, then removes conmon's exit file and pid files. Until the write has
    /// landed (on a full disk, a background retry), the exit file is what records the exit code: recovery reads it
    /// after a restart.</summary>
    private async Task PersistExitAsync(ContainerEntry entry)
    {
        if (await PersistOrRetryAsync(entry)) TryCleanup(() => _runtime.CleanupFiles(entry.Record.Id));
    }

    /// <summary>Called by the OOM watcher when the kernel killed a process in the container's memory cgroup (and by the
    /// exit path for a kill the watcher has not reported). Each kill is published once; returns when its oom event is
    /// stored.</summary>
    public async Task OnOomAsync(string id, OomReport report)
    {
        if (!_table.TryGet(id, out var entry)) return;
        if (entry.BeginOomReport(report.OomKillCount) is not { } stored) return; // already published
        try
        {
            entry.OomSeenThisRun = true;
            entry.LastOom ??= report;
            if (report.MemoryUsageBytes is not null) entry.LastOom = report;
            var attributes = new Dictionary<string, string> { [EventAttributeKeys.OomKillCount] = report.OomKillCount.ToString() };
            if (report.MemoryLimitBytes is { } limit) attributes[EventAttributeKeys.MemoryLimit] = limit.ToString();
            if (report.MemoryUsageBytes is { } usage) attributes[EventAttributeKeys.MemoryUsage] = usage.ToString();
            if (report.VictimPid is { } pid) attributes[EventAttributeKeys.VictimPid] = pid.ToString();
            if (report.VictimCommand is { } command) attributes[EventAttributeKeys.VictimCommand] = command;
            await PublishAsync(EventActions.Oom, entry.Record, attributes);
        }
        finally
        {
            stored.TrySetResult();
        }
    }
}
