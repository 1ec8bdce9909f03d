using Dashboard.Engine.Containers;
using Dashboard.Engine.Inspection.Proc;

namespace Dashboard.Engine.Inspection.Sections;

/// <summary>
/// Namespace inodes of processes (the number in "net:[4026532281]"), compared with the host's (PID 1's) and with
/// the other running containers' to find which namespaces are shared.
/// </summary>
internal sealed class NamespaceIdentities(string procRoot)
{
    /// <summary>The inode of each type in <see cref="NamespaceType.All"/> the process has; empty when it is gone (or
    /// cannot be read).</summary>
    public IReadOnlyDictionary<string, ulong> Of(int pid)
    {
        var inodes = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var type in NamespaceType.All)
            if (ProcFs.NamespaceInode(procRoot, pid, type) is { } inode) inodes[type] = inode;
        return inodes;
    }

    /// <summary>
    /// The host's namespaces: those of PID 1. When PID 1's links cannot be read (a sandbox such as Landlock or a
    /// hardened proc mount denies it even to root), the daemon's own namespaces stand in: a daemon started by the
    /// host's init runs in the host's namespaces.
    /// </summary>
    public IReadOnlyDictionary<string, ulong> Host()
    {
        var host = new Dictionary<string, ulong>(StringComparer.Ordinal);
        foreach (var type in NamespaceType.All)
        {
            var inode = ProcFs.NamespaceInode(procRoot, 1, type)
                ?? ProcFs.ParseBracketedInode(ProcFs.TryReadLink(Path.Combine(procRoot, "self", "ns", type)), type);
            if (inode is { } value) host[type] = value;
        }
        return host;
    }

    /// <summary>Every running container with a pid, and its inodes. A container whose process is gone is left out.</summary>
    public IReadOnlyList<(ContainerRef Container, IReadOnlyDictionary<string, ulong> Inodes)> Running(IEnumerable<ContainerRecord> containers) =>
        containers
            .Where(c => c.State.Status.IsAlive() && c.State.Pid is > 0)
            .Select(c => (Container: new ContainerRef(c.Id, c.Name), Inodes: Of(c.State.Pid!.Value)))
            .Where(c => c.Inodes.Count > 0)
            .ToList();

    /// <summary>One identity per namespace type of <paramref name="inodes"/>, in <see cref="NamespaceType.All"/> order.</summary>
    public static IReadOnlyList<NamespaceIdentity> Describe(string containerId, IReadOnlyDictionary<string, ulong> inodes,
        IReadOnlyDictionary<string, ulong> host, IEnumerable<(ContainerRef Container, IReadOnlyDictionary<string, ulong> Inodes)> running)
    {
        var others = running.Where(r => r.Container.Id != containerId).ToList();
        return NamespaceType.All
            .Where(inodes.ContainsKey)
            .Select(type => new NamespaceIdentity(
                type,
                inodes[type],
                host.TryGetValue(type, out var hostInode) && hostInode == inodes[type],
                others.Where(o => o.Inodes.TryGetValue(type, out var inode) && inode == inodes[type])
                    .Select(o => o.Container).OrderBy(c => c.Name, StringComparer.Ordinal).ToList()))
            .ToList();
    }

    /// <summary>The host-wide map: running containers grouped per (type, inode), host namespaces marked.</summary>
    public static IReadOnlyList<NamespaceGroup> Group(IReadOnlyDictionary<string, ulong> host,
        IEnumerable<(ContainerRef Container, IReadOnlyDictionary<string, ulong> Inodes)> running)
    {
        var list = running.ToList();
        return NamespaceType.All
            .SelectMany(type => list
                .Where(r => r.Inodes.ContainsKey(type))
                .GroupBy(r => r.Inodes[type])
                .Select(g => new NamespaceGroup(
                    type,
                    g.Key,
                    host.TryGetValue(type, out var hostInode) && hostInode == g.Key,
                    g.Select(r => r.Container).OrderBy(c => c.Name, StringComparer.Ordinal).ToList()))
                // Shared groups first (host ones at the top), then by inode so the order is stable between calls.
                .OrderByDescending(g => g.IsHost).ThenByDescending(g => g.Members.Count).ThenBy(g => g.Inode))
            .ToList();
    }
}
