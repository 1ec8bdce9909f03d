using Dashboard.Engine.Networking;
using Dashboard.Web.Components.Networks;

namespace Dashboard.Web.Access;

/// <summary>The Networks page's actions, audited in the Docker API's words (network.create, network.remove, network.prune,
/// network.connect, network.disconnect).</summary>
public sealed partial class UiActions
{
    private INetworkCatalog NetworkCatalog => services.GetRequiredService<INetworkCatalog>();

    /// <summary>Creates a user network; "network.create" on its name. The engine's refusals (a bad subnet, a name in use)
    /// propagate as its exceptions, nothing audited.</summary>
    public async Task<NetworkDefinition> CreateNetworkAsync(NetworkCreateRequest request, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ChangeNetworks);
        var network = await NetworkCatalog.CreateAsync(request, cancellationToken);
        await Audit.RecordAsync(user, "network.create", network.Name, network.Subnet.ToString());
        return network;
    }

    /// <summary>Removes a network without running members; "network.remove" on its name.</summary>
    public async Task RemoveNetworkAsync(NetworkDefinition network, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ChangeNetworks);
        await NetworkCatalog.RemoveAsync(network.Id, cancellationToken);
        await Audit.RecordAsync(user, "network.remove", network.Name);
    }

    /// <summary>Removes every unused user network; "network.prune" with the removed names as the detail.</summary>
    public async Task<IReadOnlyList<NetworkDefinition>> PruneNetworksAsync(CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ChangeNetworks);
        var removed = await NetworkCatalog.PruneAsync(cancellationToken);
        await Audit.RecordAsync(user, "network.prune", "networks", removed.Count == 0 ? "none" : string.Join(", ", removed.Select(n => n.Name)));
        return removed;
    }

    /// <summary>docker network connect from the page: the engine's connect under the container's lock (a running container
    /// gets its interface at once, a stopped one at its next start); "network.connect" on the network, the container as
    /// the detail.</summary>
    public async Task ConnectNetworkAsync(NetworkDefinition network, string container, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ChangeNetworks);
        await Engine.ConnectNetworkAsync(container, network.Id, aliases: null, ipv4Address: null, cancellationToken);
        await Audit.RecordAsync(user, "network.connect", network.Name, container);
    }

    /// <summary>docker network disconnect from the page; "network.disconnect" on the network, the container as the detail.</summary>
    public async Task DisconnectNetworkAsync(NetworkDefinition network, string container, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ChangeNetworks);
        await Engine.DisconnectNetworkAsync(container, network.Id, force: false, cancellationToken);
        await Audit.RecordAsync(user, "network.disconnect", network.Name, container);
    }
}
