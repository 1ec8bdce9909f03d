using Dashboard.Engine.Networking;

namespace Dashboard.Web.Components.Networks;

/// <summary>
/// What the pages read and do with the engine's networks: the list, each one's running members, create, remove and
/// prune. One seam over <see cref="NetworkService"/> (which needs netavark and SQLite) so components are tested over a
/// fake, and so a daemon without netavark shows why instead of failing to render.
/// </summary>
public interface INetworkCatalog
{
    /// <summary>Null when networks work; else why not (no netavark), as the daemon's log and host check say it.</summary>
    string? UnavailableReason { get; }

    /// <summary>Every network, the default <c>bridge</c> first (oldest first, as <c>docker network ls</c> shows them).</summary>
    IReadOnlyList<NetworkDefinition> List();

    /// <summary>Ids of the running containers with an address on the network.</summary>
    IReadOnlyList<string> MembersOf(string networkId);

    Task<NetworkDefinition> CreateAsync(NetworkCreateRequest request, CancellationToken cancellationToken);

    /// <summary>Refused with <see cref="NetworkInUseException"/> while a running container is on it, and for <c>bridge</c>.</summary>
    Task<NetworkDefinition> RemoveAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Removes every user network without running members; returns them.</summary>
    Task<IReadOnlyList<NetworkDefinition>> PruneAsync(CancellationToken cancellationToken);
}
