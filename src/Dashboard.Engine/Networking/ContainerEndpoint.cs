using System.Net;

namespace Dashboard.Engine.Networking;

/// <summary>A running container's place on one network: its interface, address and the gateway it routes through.
/// Kept in the container's state while it runs (docker inspect's NetworkSettings.Networks).</summary>
public sealed record ContainerEndpoint
{
    public required string NetworkId { get; init; }
    public required string NetworkName { get; init; }
    /// <summary>The interface inside the container: eth0, eth1, ...</summary>
    public required string InterfaceName { get; init; }
    public required string IPAddress { get; init; }
    public required int PrefixLength { get; init; }
    /// <summary>Null on an internal network (no route out).</summary>
    public string? Gateway { get; init; }
    public string MacAddress { get; init; } = "";
    public IReadOnlyList<string> Aliases { get; init; } = [];
}

/// <summary>A published port as it was bound at start: a random host port (-p 80) has its number here.</summary>
public sealed record PublishedPort(string HostIp, int HostPort, int ContainerPort, string Protocol);

/// <summary>What netavark was given to set a container up, kept (in SQLite) until its teardown: the teardown replays it,
/// so a container removed while the daemon was down is still torn down exactly. <see cref="Leases"/> are its IP
/// addresses, one per network, unique per network.</summary>
public sealed record NetworkSetupRecord(string ContainerId, string NetavarkJson, IReadOnlyList<IpLease> Leases);

/// <summary>One address of one network held by one container.</summary>
public sealed record IpLease(string NetworkId, IPAddress Address);
