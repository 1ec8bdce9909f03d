using System.Text.Json.Serialization;

namespace Dashboard.Contracts.Networks;

/// <summary>GET /api/networks[/{ref}]: a network of the engine's and its running members.</summary>
public sealed record NetworkDto
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>Always "bridge".</summary>
    public required string Driver { get; init; }
    /// <summary>The host's bridge device.</summary>
    public required string Bridge { get; init; }
    public required string Subnet { get; init; }
    public required string Gateway { get; init; }
    /// <summary>No route out (docker network create --internal).</summary>
    public bool Internal { get; init; }
    /// <summary>Members find each other by name (aardvark-dns): every network but the default bridge.</summary>
    public bool DnsEnabled { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset Created { get; init; }
    /// <summary>The running containers on it.</summary>
    public IReadOnlyList<NetworkMemberDto> Containers { get; init; } = [];
}

public sealed record NetworkMemberDto(string Id, string Name, string IpAddress, string MacAddress);

/// <summary>POST /api/networks (docker network create).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NetworkCreateDto
{
    public string Name { get; init; } = "";
    /// <summary>A CIDR such as 10.99.0.0/24; null picks a free /24 of the engine's pool.</summary>
    public string? Subnet { get; init; }
    /// <summary>null: the subnet's first address.</summary>
    public string? Gateway { get; init; }
    public bool Internal { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>POST /api/networks/{ref}/connect (docker network connect [--alias] [--ip]).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NetworkConnectDto
{
    public string Container { get; init; } = "";
    public IReadOnlyList<string>? Aliases { get; init; }
    public string? Ip { get; init; }
}

/// <summary>POST /api/networks/{ref}/disconnect (docker network disconnect [-f]).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record NetworkDisconnectDto
{
    public string Container { get; init; } = "";
    public bool Force { get; init; }
}

/// <summary>A container's place on one network (in <c>ContainerDetailDto.Networks</c>): the address while it runs.</summary>
public sealed record ContainerNetworkDto
{
    public required string Network { get; init; }
    public string NetworkId { get; init; } = "";
    /// <summary>eth0, eth1, ... while running; empty otherwise.</summary>
    public string Interface { get; init; } = "";
    public string IpAddress { get; init; } = "";
    public int PrefixLength { get; init; }
    public string? Gateway { get; init; }
    public string MacAddress { get; init; } = "";
    /// <summary>A static address asked for (--ip).</summary>
    public string? RequestedIp { get; init; }
    public IReadOnlyList<string> Aliases { get; init; } = [];
}

/// <summary>A published port as bound at start (a random host port has its number).</summary>
public sealed record PublishedPortDto(string HostIp, int HostPort, int ContainerPort, string Protocol);
