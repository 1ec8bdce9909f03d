namespace Dashboard.Web.DockerApi.Models;

/// <summary>GET /networks and /networks/{id}, in moby's network.Inspect names.</summary>
public sealed record NetworkResource(
    string Name,
    string Id,
    string Created,
    string Scope,
    string Driver,
    bool EnableIPv4,
    bool EnableIPv6,
    NetworkIpamModel IPAM,
    bool Internal,
    bool Attachable,
    bool Ingress,
    NetworkConfigFromModel ConfigFrom,
    bool ConfigOnly,
    IReadOnlyDictionary<string, NetworkContainerModel> Containers,
    IReadOnlyDictionary<string, string> Options,
    IReadOnlyDictionary<string, string> Labels);

public sealed record NetworkIpamModel(string Driver, IReadOnlyDictionary<string, string>? Options, IReadOnlyList<IpamConfigModel> Config);

public sealed record IpamConfigModel(string Subnet, string Gateway);

public sealed record NetworkConfigFromModel(string Network);

public sealed record NetworkContainerModel(string Name, string EndpointID, string MacAddress, string IPv4Address, string IPv6Address);

public sealed record NetworkCreateResponse(string Id, string Warning);

public sealed record NetworkPruneResponse(IReadOnlyList<string> NetworksDeleted);

/// <summary>POST /networks/create. Only what the engine implements is acted on; <see cref="NetworkHandlers"/> refuses
/// the rest by name when it is not at its default.</summary>
public sealed class NetworkCreateBody
{
    public string? Name { get; set; }
    public string? Driver { get; set; }
    public string? Scope { get; set; }
    public bool Internal { get; set; }
    public bool Attachable { get; set; }
    public bool Ingress { get; set; }
    public bool ConfigOnly { get; set; }
    public bool? EnableIPv4 { get; set; }
    public bool EnableIPv6 { get; set; }
    public bool? CheckDuplicate { get; set; }
    public NetworkIpamBody? IPAM { get; set; }
    public Dictionary<string, string>? Options { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public System.Text.Json.JsonElement? ConfigFrom { get; set; }
}

public sealed class NetworkIpamBody
{
    public string? Driver { get; set; }
    public List<IpamConfigBody>? Config { get; set; }
    public Dictionary<string, string>? Options { get; set; }
}

public sealed class IpamConfigBody
{
    public string? Subnet { get; set; }
    public string? IPRange { get; set; }
    public string? Gateway { get; set; }
    public Dictionary<string, string>? AuxiliaryAddresses { get; set; }
}

/// <summary>POST /networks/{id}/connect: the container and its endpoint on the network (--ip, --alias); the endpoint
/// options the engine does not act on are refused by name when set.</summary>
public sealed class NetworkConnectBody
{
    public string? Container { get; set; }
    public ConnectEndpointBody? EndpointConfig { get; set; }
}

public sealed class ConnectEndpointBody
{
    public ConnectIpamBody? IPAMConfig { get; set; }
    public List<string>? Aliases { get; set; }
    public List<string>? Links { get; set; }
    public Dictionary<string, string>? DriverOpts { get; set; }
    public string? MacAddress { get; set; }
    public int GwPriority { get; set; }
}

public sealed class ConnectIpamBody
{
    public string? IPv4Address { get; set; }
    public string? IPv6Address { get; set; }
    public List<string>? LinkLocalIPs { get; set; }
}

/// <summary>POST /networks/{id}/disconnect.</summary>
public sealed class NetworkDisconnectBody
{
    public string? Container { get; set; }
    public bool Force { get; set; }
}
