namespace Dashboard.Engine.Inspection;

/// <summary>
/// Shows how a running container is isolated, read from the kernel (/proc, the container's netns and IPC namespace,
/// its cgroup files), not from what the engine asked for. Admin-only at every edge: it reveals host pids, mounts and
/// sockets. Both methods are point-in-time reads; callers refresh by calling again.
/// </summary>
public interface INamespaceInspector
{
    /// <summary>Everything about one container's namespaces. A reference is an id, a unique id prefix or a name.</summary>
    /// <exception cref="Containers.ContainerNotFoundException">Unknown reference (404).</exception>
    /// <exception cref="Containers.InvalidContainerStateException">The container is not running (409): a stopped
    /// container has no namespaces to inspect.</exception>
    Task<NamespaceReport> InspectAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Only the PID table of <see cref="InspectAsync"/>: every process in the container's cgroup, PID 1 first.
    /// This is what docker top shows, so unlike the full report it is not admin-only at the edges.</summary>
    /// <exception cref="Containers.ContainerNotFoundException">Unknown reference (404).</exception>
    /// <exception cref="Containers.InvalidContainerStateException">The container is not running (409).</exception>
    Task<IReadOnlyList<NamespaceProcess>> ProcessesAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Every running container's namespace inodes by type, grouped by shared namespace, with the host's own
    /// namespaces marked.</summary>
    Task<NamespaceMap> MapAsync(CancellationToken cancellationToken);
}
