namespace Dashboard.Engine.Inspection;

/// <summary>Hostname and NIS domain name as a process inside the UTS namespace sees them.</summary>
public sealed record UtsView(string Hostname, string DomainName);

/// <summary>The container's network namespace from inside: links, addresses, routes and listening sockets.</summary>
public sealed record NetworkView(
    IReadOnlyList<NetInterface> Interfaces,
    IReadOnlyList<NetRoute> Routes,
    IReadOnlyList<ListeningSocket> Sockets);

/// <param name="Addresses">CIDR notation, e.g. "127.0.0.1/8", "::1/128".</param>
/// <param name="State">Operational state as the kernel reports it: "UP", "DOWN", "UNKNOWN".</param>
public sealed record NetInterface(int Index, string Name, string State, int Mtu, string? MacAddress, IReadOnlyList<string> Addresses)
{
    /// <summary>The interface flags as ip link prints them, e.g. ["LOOPBACK", "UP", "LOWER_UP"].</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];
    /// <summary>A veth's peer index (IFLA_LINK), in the peer's namespace: the host's for a container on a bridge.</summary>
    public int? PeerIndex { get; init; }
    /// <summary>The peer's name in the host's namespace (ip link's "eth0@if12" resolved), when the host has it.</summary>
    public string? PeerName { get; init; }
    /// <summary>The bridge the host end is attached to (its master), e.g. "dash0".</summary>
    public string? PeerBridge { get; init; }
}

/// <param name="Destination">CIDR, or "default".</param>
/// <param name="Family">"inet" or "inet6".</param>
public sealed record NetRoute(string Family, string Destination, string? Gateway, string Interface, int Metric);

/// <param name="Protocol">"tcp", "tcp6", "udp", "udp6" or "unix".</param>
/// <param name="LocalAddress">Address for inet sockets, the path (or @abstract name) for unix sockets.</param>
/// <param name="Port">0 for unix sockets.</param>
/// <param name="Inode">The socket inode, which ties it to the process holding it.</param>
/// <param name="HostPid">The host pid of a container process holding the socket, when one is found.</param>
public sealed record ListeningSocket(string Protocol, string LocalAddress, int Port, ulong Inode, int? HostPid);

/// <summary>The container's mount table, the overlay root broken into image layers, and the hardened paths.</summary>
public sealed record MountView(
    IReadOnlyList<MountEntry> Mounts,
    OverlayRootView? Root,
    IReadOnlyList<string> MaskedPaths,
    IReadOnlyList<string> ReadonlyPaths);

/// <summary>One line of /proc/PID/mountinfo as the container sees it.</summary>
public sealed record MountEntry(string MountPoint, string Source, string FileSystem, string Options, bool ReadOnly);

/// <summary>The root file system: the image's layers (top first, as overlay lists lowerdir) and the writable layer.</summary>
public sealed record OverlayRootView(IReadOnlyList<OverlayLayer> Layers, string UpperDir, string WorkDir);

/// <param name="Digest">The layer's digest (the image's diff id, "sha256:…"), or null when the directory is not a
/// layer of the engine's image store.</param>
public sealed record OverlayLayer(string Directory, string? Digest);

/// <summary>System V IPC objects inside the container's IPC namespace (/proc/sysvipc as seen from inside).</summary>
public sealed record IpcView(
    IReadOnlyList<SharedMemorySegment> SharedMemory,
    IReadOnlyList<SemaphoreSet> Semaphores,
    IReadOnlyList<MessageQueue> MessageQueues);

public sealed record SharedMemorySegment(long Key, int Id, string Permissions, long SizeBytes, int Attached, int OwnerUid);

public sealed record SemaphoreSet(long Key, int Id, string Permissions, int Semaphores, int OwnerUid);

public sealed record MessageQueue(long Key, int Id, string Permissions, long Bytes, long Messages, int OwnerUid);

/// <summary>The user namespace's id maps and PID 1's privileges.</summary>
/// <param name="SeccompMode">"disabled", "strict" or "filter" (/proc/PID/status Seccomp 0/1/2).</param>
public sealed record UserView(
    IReadOnlyList<IdMapRange> UidMap,
    IReadOnlyList<IdMapRange> GidMap,
    string EffectiveCapabilitiesHex,
    IReadOnlyList<string> EffectiveCapabilities,
    string SeccompMode,
    bool NoNewPrivileges);

/// <summary>One line of uid_map/gid_map: ids from <see cref="Inside"/> map to <see cref="Outside"/> for <see cref="Length"/>.</summary>
public sealed record IdMapRange(long Inside, long Outside, long Length);

/// <summary>The container's cgroup(s): on v1 one path per controller hierarchy, on v2 a single unified path.</summary>
/// <param name="Version">"v1", "v2" or "hybrid", as the engine detected the host.</param>
public sealed record CgroupView(string Version, IReadOnlyList<CgroupPath> Paths, IReadOnlyList<CgroupLimitValue> Limits);

/// <param name="Controllers">The controllers of the hierarchy (v1: e.g. "cpu,cpuacct"; v2: cgroup.controllers).</param>
/// <param name="Path">Absolute host path of the container's cgroup directory.</param>
public sealed record CgroupPath(string Controllers, string Path);

/// <summary>The current content of one limit file, e.g. memory.limit_in_bytes = 209715200.</summary>
public sealed record CgroupLimitValue(string File, string Value);
