namespace Dashboard.Contracts.Namespaces;

/// <summary>Hostname and NIS domain name as seen inside the UTS namespace.</summary>
public sealed record UtsDto(string Hostname, string DomainName);

public sealed record NetworkDto(
    IReadOnlyList<NetInterfaceDto> Interfaces,
    IReadOnlyList<NetRouteDto> Routes,
    IReadOnlyList<ListeningSocketDto> Sockets);

/// <param name="State">Operational state: "UP", "DOWN", "UNKNOWN" (loopback).</param>
/// <param name="Addresses">CIDR: "127.0.0.1/8", "::1/128".</param>
public sealed record NetInterfaceDto(int Index, string Name, string State, int Mtu, string? MacAddress,
    IReadOnlyList<string> Flags, IReadOnlyList<string> Addresses);

/// <param name="Family">"inet" or "inet6".</param>
/// <param name="Destination">CIDR or "default".</param>
public sealed record NetRouteDto(string Family, string Destination, string? Gateway, string Interface, int Metric);

/// <param name="Protocol">"tcp", "tcp6", "udp", "udp6" or "unix".</param>
/// <param name="LocalAddress">The address, or for unix sockets the path ("@name" for abstract ones).</param>
/// <param name="HostPid">The container process holding the socket, when found.</param>
public sealed record ListeningSocketDto(string Protocol, string LocalAddress, int Port, ulong Inode, int? HostPid);

/// <param name="Root">The overlay root broken into layers; null when the root is not an overlay.</param>
public sealed record MountsDto(
    IReadOnlyList<MountDto> Mounts,
    OverlayRootDto? Root,
    IReadOnlyList<string> MaskedPaths,
    IReadOnlyList<string> ReadonlyPaths);

public sealed record MountDto(string MountPoint, string Source, string FileSystem, string Options, bool ReadOnly);

/// <param name="Layers">The image's layers, top first as overlay stacks them.</param>
public sealed record OverlayRootDto(IReadOnlyList<OverlayLayerDto> Layers, string UpperDir, string WorkDir);

/// <param name="Digest">The layer's diff id ("sha256:…"), or null when the directory is no image layer.</param>
public sealed record OverlayLayerDto(string Directory, string? Digest);

public sealed record IpcDto(
    IReadOnlyList<SharedMemoryDto> SharedMemory,
    IReadOnlyList<SemaphoreSetDto> Semaphores,
    IReadOnlyList<MessageQueueDto> MessageQueues);

public sealed record SharedMemoryDto(long Key, int Id, string Permissions, long SizeBytes, int Attached, int OwnerUid);

public sealed record SemaphoreSetDto(long Key, int Id, string Permissions, int Semaphores, int OwnerUid);

public sealed record MessageQueueDto(long Key, int Id, string Permissions, long Bytes, long Messages, int OwnerUid);

/// <param name="CapabilitiesHex">CapEff of PID 1 as /proc shows it, e.g. "00000000a80425fb".</param>
/// <param name="Capabilities">The same mask by name, e.g. "CAP_CHOWN".</param>
/// <param name="Seccomp">"disabled", "strict" or "filter".</param>
public sealed record UserDto(
    IReadOnlyList<IdMapDto> UidMap,
    IReadOnlyList<IdMapDto> GidMap,
    string CapabilitiesHex,
    IReadOnlyList<string> Capabilities,
    string Seccomp,
    bool NoNewPrivileges);

public sealed record IdMapDto(long Inside, long Outside, long Length);

/// <param name="Version">"v1", "v2" or "hybrid".</param>
public sealed record CgroupDto(string Version, IReadOnlyList<CgroupPathDto> Paths, IReadOnlyList<CgroupLimitDto> Limits);

public sealed record CgroupPathDto(string Controllers, string Path);

public sealed record CgroupLimitDto(string File, string Value);
