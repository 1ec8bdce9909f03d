using System.Net;

namespace Dashboard.Engine.Networking;

/// <summary>
/// A network as the engine stores it and hands it to netavark: a Linux bridge (<see cref="BridgeName"/>) with one IPv4
/// subnet whose gateway address the bridge holds. <see cref="Internal"/> networks get no masquerade and no route out;
/// <see cref="DnsEnabled"/> ones get aardvark-dns on the gateway, answering the names of their members.
/// </summary>
public sealed record NetworkDefinition
{
    /// <summary>64 lower-case hex characters, as Docker's network ids.</summary>
    public required string Id { get; init; }
    public required string Name { get; init; }
    /// <summary>Always "bridge": the only driver this engine offers.</summary>
    public string Driver { get; init; } = "bridge";
    /// <summary>The host's bridge device, at most 15 characters (IFNAMSIZ).</summary>
    public required string BridgeName { get; init; }
    public required IPNetwork Subnet { get; init; }
    public required IPAddress Gateway { get; init; }
    public bool Internal { get; init; }
    public bool DnsEnabled { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public required DateTimeOffset Created { get; init; }

    public string ShortId => Id[..12];

    /// <summary>The network every container joins when it names none (Docker's default bridge; no DNS names there,
    /// as in Docker).</summary>
    public const string DefaultName = "bridge";

    /// <summary>Names that are network modes, not networks: never the name of a network a user creates.</summary>
    public static readonly IReadOnlySet<string> ReservedNames = new HashSet<string>(StringComparer.Ordinal) { "bridge", "none", "host", "default" };
}
