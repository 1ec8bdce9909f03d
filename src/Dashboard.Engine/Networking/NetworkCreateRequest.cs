namespace Dashboard.Engine.Networking;

/// <summary>docker network create, as typed: strings are checked by <see cref="NetworkService.CreateAsync"/>, which
/// names every refused option.</summary>
public sealed record NetworkCreateRequest
{
    public string Name { get; init; } = "";
    /// <summary>Empty or "bridge": the only driver.</summary>
    public string? Driver { get; init; }
    /// <summary>CIDR; null picks a free /24 that collides with no host route and no other network.</summary>
    public string? Subnet { get; init; }
    /// <summary>An address inside the subnet; null takes its first address.</summary>
    public string? Gateway { get; init; }
    public bool Internal { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}

/// <summary>What a container got from its networks at start: the namespace runc joins, its endpoints, the ports bound
/// and the DNS servers its resolv.conf names (aardvark-dns on a user network's gateway; none: the host's).</summary>
public sealed record ContainerNetworkSetup(
    string NetnsPath, IReadOnlyList<ContainerEndpoint> Endpoints, IReadOnlyList<PublishedPort> Ports, IReadOnlyList<string> DnsServers);
