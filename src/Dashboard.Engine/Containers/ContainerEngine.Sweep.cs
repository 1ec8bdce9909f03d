using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Runtime;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Containers;

/// <summary>
/// What a crash leaves behind, swept at start after recovery: the runtime state, conmon and files of containers that
/// have no row (a kill between the runtime's create and the write of the row, or a row lost otherwise), container
/// directories with no row (a kill between preparing the bundle and inserting the row), and cgroups of containers
/// that are not running. Only what lies under this engine's own RunRoot, DataRoot and cgroup parent is touched, and
/// only names shaped like the engine's container ids; a conmon is killed only after /proc confirms it is ours.
/// </summary>
public sealed partial class ContainerEngine
{
    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var known = _table.All.Select(e => e.Record.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var id in RuntimeLeftoverIds().Where(id => !known.Contains(id)))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (await KillLeftoversAsync(id))
                _logger.LogWarning("Removed the runtime state and processes of container {Id}, which has no record", id[..12]);
        }
        foreach (var id in _snapshotter.ContainerIds().Where(id => ContainerIdentity.IsId(id) && !known.Contains(id)))
        {
            _logger.LogWarning("Removing the directory of container {Id}, which has no record", id[..12]);
            TryCleanup(() => _snapshotter.Remove(id));
        }
        if (_networks is not null)
        {
            var running = _table.All.Where(e => e.Record.State.Status.IsAlive()).Select(e => e.Record.Id).ToHashSet(StringComparer.Ordinal);
            await _networks.SweepAsync(running, cancellationToken);
        }
        if (_cgroups is null) return;
        foreach (var id in ContainerCgroup.ChildrenOf(_cgroups, _options.CgroupParent).Where(ContainerIdentity.IsId))
        {
            // Under the container's lock: a restart policy recovery scheduled may be starting it right now.
            using var lease = _table.TryGet(id, out var entry) ? await TryLockAsync(entry) : null;
            if (entry is not null && (lease is null || entry.Record.State.Status.IsAlive())) continue;
            _logger.LogWarning("Removing the cgroups of container {Id}, which is not running", id[..12]);
            await RemoveCgroupsAsync(id);
        }
    }

    /// <summary>The ids that have runtime state, a pid or exit file or an attach socket under RunRoot.</summary>
    private IEnumerable<string> RuntimeLeftoverIds()
    {
        var paths = new RuntimePaths(_options.RunRoot);
        static IEnumerable<string> Names(string dir) =>
            Directory.Exists(dir) ? Directory.EnumerateFileSystemEntries(dir).Select(Path.GetFileName).OfType<string>() : [];
        return Names(paths.RuntimeRoot)
            .Concat(Names(paths.ExitDir))
            .Concat(Names(paths.SocketDir))
            .Concat(Names(paths.ConmonDir).Select(name => name.Split('.')[0]))
            .Where(ContainerIdentity.IsId)
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Ends what may be left of a container that must not be running: its conmon (by pid, once /proc confirms it),
    /// its process ("runtime delete --force" kills it, "runc init" included, and removes its cgroups), conmon's files
    /// and its mounts. True when a process or runtime state was there.
    /// </summary>
    private async Task<bool> KillLeftoversAsync(string id)
    {
        var paths = new RuntimePaths(_options.RunRoot);
        var hasState = Directory.Exists(Path.Combine(paths.RuntimeRoot, id));
        var hasFiles = File.Exists(paths.ExitFile(id)) || File.Exists(paths.ConmonPidFile(id))
            || File.Exists(paths.ContainerPidFile(id)) || Path.Exists(paths.SocketLink(id));
        var conmonKilled = ConmonProcess.Kill(paths, id);
        if (hasState)
        {
            try { await _runtime.DeleteAsync(id, force: true, CancellationToken.None); }
            catch (OciRuntimeException ex) { _logger.LogWarning(ex, "runtime delete of leftover container {Id}", id[..12]); }
        }
        if (hasFiles || hasState) TryCleanup(() => _runtime.CleanupFiles(id));
        TryCleanup(() => _snapshotter.Unmount(id)); // two syscalls when nothing is mounted
        return hasState || conmonKilled;
    }

    /// <summary>Kills whatever still runs in a container's cgroups (thawing them first) and removes them.</summary>
    private async Task RemoveCgroupsAsync(string id)
    {
        var cgroup = ContainerCgroup.Of(_cgroups!, _options.CgroupParent, id);
        for (var attempt = 0; attempt < 20; attempt++)
        {
            cgroup.Thaw();
            foreach (var pid in cgroup.Processes()) NativeMethods.kill(pid, SigKill);
            if (cgroup.Remove().Count == 0) return;
            await Task.Delay(50); // killed processes leave their cgroup when the kernel has reaped them
        }
        _logger.LogWarning("The cgroups of container {Id} could not be removed: processes remain in them", id[..12]);
    }
}
