using Dashboard.Engine.Networking;

namespace Dashboard.Engine.Persistence;

/// <summary>
/// Durable storage of networks and of the network setups of containers (their IP leases and the netavark input that
/// set them up). A completed save is durable. Two leases of one address on one network are refused
/// (<see cref="IpLeaseConflictException"/>), so a race between two starts never hands out one address twice.
/// </summary>
public interface INetworkStore
{
    Task<IReadOnlyList<NetworkDefinition>> LoadNetworksAsync(CancellationToken cancellationToken);

    /// <summary>Inserts a network; a name already used throws <see cref="NetworkNameConflictException"/>.</summary>
    Task InsertNetworkAsync(NetworkDefinition network, CancellationToken cancellationToken);

    Task DeleteNetworkAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<NetworkSetupRecord>> LoadSetupsAsync(CancellationToken cancellationToken);

    /// <summary>Replaces the container's setup and leases in one transaction.</summary>
    Task SaveSetupAsync(NetworkSetupRecord setup, CancellationToken cancellationToken);

    Task DeleteSetupAsync(string containerId, CancellationToken cancellationToken);
}
