using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Validation;

namespace Dashboard.Engine.Containers;

/// <summary>
/// Namespaces shared with other containers (--network/--pid/--ipc container:NAME): the target is resolved to its
/// full id at create, as Docker stores "container:&lt;id&gt;", and must be running at start, when its pid tells runc
/// which namespace to join. Removing a target is allowed, as in Docker (docker rm -f): containers already in its
/// namespaces keep them, and a later start of theirs is refused with a message saying the target is gone.
/// </summary>
public sealed partial class ContainerEngine
{
    /// <summary>Replaces each container:NAME reference with the target's full id (<see cref="NamespaceTargets"/>).</summary>
    /// <exception cref="ValidationException">A target does not exist ("no such container").</exception>
    private ContainerConfig ResolveNamespaceTargets(ContainerConfig config) =>
        NamespaceTargets.Resolve(config, reference => _table.TryResolve(reference, out var target) ? target.Record.Id : null);

    /// <summary>
    /// The pids of the containers whose namespaces this one joins, the hostname it takes from its network target, and
    /// the /dev/shm it gets. Called at the start of a start, before anything is mounted.
    /// </summary>
    /// <exception cref="NamespaceJoinException">A target is gone or not running (409).</exception>
    private NamespaceJoins ResolveJoins(ContainerRecord record)
    {
        var config = record.Config;
        var network = Target(record, config.NetworkMode, "network");
        var pid = Target(record, config.PidMode, "pid");
        var ipc = Target(record, config.IpcMode, "ipc");
        return new NamespaceJoins
        {
            NetworkTargetPid = network?.State.Pid,
            PidTargetPid = pid?.State.Pid,
            IpcTargetPid = ipc?.State.Pid,
            NetworkTargetHostname = network is null ? null : HostnameOf(network, [record.Id]),
            ShmSource = config.IpcMode.IsHost ? "/dev/shm" : ipc is null ? null : ShmOf(record, ipc, [record.Id]),
        };
    }

    private ContainerRecord? Target(ContainerRecord record, NamespaceMode mode, string field)
    {
        if (!mode.IsContainer) return null;
        var id = mode.ContainerId!;
        var what = NamespaceRules.What(field);
        if (!_table.TryGet(id, out var entry))
            throw new NamespaceJoinException(field, id,
                $"cannot join the {what} namespace of container {id[..Math.Min(12, id.Length)]}: it no longer exists (it was removed); recreate {record.Name} with another --{field}");
        var target = entry.Record;
        if (target.State.Status is not (ContainerStatus.Running or ContainerStatus.Paused) || target.State.Pid is not > 0)
            throw new NamespaceJoinException(field, id,
                $"cannot join the {what} namespace of {target.Name}: it is not running; start {target.Name} first");
        return target;
    }

    /// <summary>What the target's processes see as their hostname (it may itself be on a third container's network).</summary>
    private string HostnameOf(ContainerRecord target, HashSet<string> visited)
    {
        var config = target.Config;
        if (ContainerHostname.SharesHostUts(config)) return Environment.MachineName;
        if (Joined(target, config.NetworkMode, visited) is { } next) return HostnameOf(next, visited);
        return ContainerHostname.For(config, target.Id, null)!;
    }

    /// <summary>The host directory behind the IPC target's /dev/shm, following a target that itself joined another.</summary>
    private string ShmOf(ContainerRecord record, ContainerRecord target, HashSet<string> visited)
    {
        var ipc = target.Config.IpcMode;
        if (ipc.IsHost) return "/dev/shm";
        if (Joined(target, ipc, visited) is { } next) return ShmOf(record, next, visited);
        return _snapshotter.FindShm(target.Id)
            ?? throw new NamespaceJoinException("ipc", target.Id,
                $"cannot share the /dev/shm of {target.Name}: it has none on the host (it was started by an older version of the daemon); restart {target.Name}, then start {record.Name}");
    }

    /// <summary>The container <paramref name="target"/> itself joined with <paramref name="mode"/>, when it still
    /// exists; null at the end of the chain. Chains are followed to their end, however long: they cannot loop (a
    /// container can only join one that already exists), and <paramref name="visited"/> keeps them finite even if
    /// stored state ever said otherwise.</summary>
    private ContainerRecord? Joined(ContainerRecord target, NamespaceMode mode, HashSet<string> visited) =>
        visited.Add(target.Id) && mode.IsContainer && _table.TryGet(mode.ContainerId!, out var next) && !visited.Contains(next.Record.Id)
            ? next.Record
            : null;
}

/// <summary>A start that needs another container's namespace which is not there to join; maps to 409.</summary>
public sealed class NamespaceJoinException(string field, string targetId, string message) : ConflictException(message)
{
    /// <summary>The flag without dashes: "network", "pid" or "ipc".</summary>
    public string Field { get; } = field;
    public string TargetId { get; } = targetId;
}
