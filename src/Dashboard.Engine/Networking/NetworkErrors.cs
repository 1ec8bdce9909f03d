namespace Dashboard.Engine.Networking;

public sealed class NetworkNotFoundException(string reference)
    : NotFoundException($"network {reference} not found")
{
    public string Reference { get; } = reference;
}

/// <summary>docker network create with a name that exists: 409, worded as Docker words it.</summary>
public sealed class NetworkNameConflictException(string name)
    : ConflictException($"network with name {name} already exists");

/// <summary>docker network rm of a network with running members: 409.</summary>
public sealed class NetworkInUseException(string name, IReadOnlyList<string> containers)
    : ConflictException($"error while removing network: network {name} has active endpoints ({string.Join(", ", containers)}): stop or disconnect them first");

/// <summary>An address already leased on that network (a static --ip, or a lost race).</summary>
public sealed class IpLeaseConflictException(string network, string address)
    : ConflictException($"address {address} is already in use on network {network}");

/// <summary>A host port that is taken (by another container or another program): 409, before anything is started.</summary>
public sealed class PortAllocatedException(string hostIp, int port, string protocol, string detail)
    : ConflictException($"Bind for {(hostIp.Length == 0 ? "0.0.0.0" : hostIp)}:{port}/{protocol} failed: port is already allocated ({detail})");

/// <summary>netavark failed: its own words are kept, as runc's are in <see cref="OciRuntimeException"/>.</summary>
public sealed class NetworkSetupException(string command, int exitCode, string stderr)
    : EngineException($"netavark {command} failed (exit code {exitCode}): {stderr.Trim()}");

/// <summary>A network option while the engine has no network backend (netavark not installed).</summary>
public sealed class NetworkingUnavailableException(string reason)
    : ConflictException($"container networks are not available on this host: {reason}");

/// <summary>connect/disconnect of a container on --network host or container:X: Docker's words, 409.</summary>
public sealed class NetworkModeConflictException(string message) : ConflictException(message);
