using Dashboard.Contracts.Namespaces;
using Dashboard.Engine.Inspection;

namespace Dashboard.Web.NativeApi;

/// <summary>The engine's namespace report and map as wire DTOs: namespaces keyed by type, each with inode, host and
/// sharedWith.</summary>
internal static class NamespaceMapper
{
    /// <param name="collectedAt">When the table was read, which with the process's age gives its start time.</param>
    public static NamespaceProcessDto ToDto(NamespaceProcess p, DateTimeOffset collectedAt) => new()
    {
        HostPid = p.HostPid,
        ContainerPid = p.ContainerPid,
        HostParentPid = p.HostParentPid,
        ContainerParentPid = p.ContainerParentPid,
        NsPids = p.NsPids,
        Pid1 = p.IsPid1,
        Uid = p.Uid,
        User = p.User,
        Command = p.Command,
        State = p.State,
        CpuSeconds = Math.Round(p.CpuTime.TotalSeconds, 2),
        CpuPercent = p.CpuPercent,
        RssBytes = p.RssBytes,
        StartedAt = collectedAt - p.Elapsed,
    };

    public static NamespaceReportDto ToDto(NamespaceReport r) => new()
    {
        Container = Ref(r.Container),
        HostPid = r.HostPid,
        CollectedAt = r.CollectedAt,
        Namespaces = r.Namespaces.ToDictionary(n => n.Type, n => new NamespaceIdentityDto(n.Inode, n.IsHost, n.SharedWith.Select(Ref).ToList())),
        Processes = r.Processes.Select(p => ToDto(p, r.CollectedAt)).ToList(),
        Uts = new UtsDto(r.Uts.Hostname, r.Uts.DomainName),
        Network = new NetworkDto(
            r.Network.Interfaces.Select(i => new NetInterfaceDto(i.Index, i.Name, i.State, i.Mtu, i.MacAddress, i.Flags, i.Addresses)).ToList(),
            r.Network.Routes.Select(x => new NetRouteDto(x.Family, x.Destination, x.Gateway, x.Interface, x.Metric)).ToList(),
            r.Network.Sockets.Select(s => new ListeningSocketDto(s.Protocol, s.LocalAddress, s.Port, s.Inode, s.HostPid)).ToList()),
        Mounts = new MountsDto(
            r.Mounts.Mounts.Select(m => new MountDto(m.MountPoint, m.Source, m.FileSystem, m.Options, m.ReadOnly)).ToList(),
            r.Mounts.Root is { } root
                ? new OverlayRootDto(root.Layers.Select(l => new OverlayLayerDto(l.Directory, l.Digest)).ToList(), root.UpperDir, root.WorkDir)
                : null,
            r.Mounts.MaskedPaths,
            r.Mounts.ReadonlyPaths),
        Ipc = new IpcDto(
            r.Ipc.SharedMemory.Select(s => new SharedMemoryDto(s.Key, s.Id, s.Permissions, s.SizeBytes, s.Attached, s.OwnerUid)).ToList(),
            r.Ipc.Semaphores.Select(s => new SemaphoreSetDto(s.Key, s.Id, s.Permissions, s.Semaphores, s.OwnerUid)).ToList(),
            r.Ipc.MessageQueues.Select(q => new MessageQueueDto(q.Key, q.Id, q.Permissions, q.Bytes, q.Messages, q.OwnerUid)).ToList()),
        User = new UserDto(
            r.User.UidMap.Select(Map).ToList(),
            r.User.GidMap.Select(Map).ToList(),
            r.User.EffectiveCapabilitiesHex,
            r.User.EffectiveCapabilities,
            r.User.SeccompMode,
            r.User.NoNewPrivileges),
        Cgroup = new CgroupDto(
            r.Cgroup.Version,
            r.Cgroup.Paths.Select(p => new CgroupPathDto(p.Controllers, p.Path)).ToList(),
            r.Cgroup.Limits.Select(l => new CgroupLimitDto(l.File, l.Value)).ToList()),
        Warnings = r.Warnings,
    };

    public static NamespaceMapDto ToDto(NamespaceMap map) => new()
    {
        CollectedAt = map.CollectedAt,
        Namespaces = NamespaceType.All
            .Where(t => map.Groups.Any(g => g.Type == t))
            .ToDictionary(t => t, t => (IReadOnlyList<NamespaceGroupDto>)map.OfType(t)
                .Select(g => new NamespaceGroupDto(g.Inode, g.IsHost, g.IsShared, g.Members.Select(Ref).ToList()))
                .ToList()),
    };

    private static ContainerRefDto Ref(ContainerRef c) => new(c.Id, c.Name);

    private static IdMapDto Map(IdMapRange m) => new(m.Inside, m.Outside, m.Length);
}
