using Microsoft.Extensions.Logging;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Networking;

/// <summary>
/// docker network connect/disconnect on a running container: one network is set up in (or torn down from) the
/// namespace the container already has, as podman does, handing netavark a document with that network alone (and the
/// container's port mappings, so that each network's forwarding is set up and torn down with it). The container's
/// recorded document grows or shrinks with it, so the teardown at exit still undoes exactly what is set up. The caller
/// holds the container's lock; stopped containers only change their definition (ContainerEngine.Networks.cs).
/// </summary>
public sealed partial class NetworkService
{
    /// <summary>Whether the container runs in a namespace of this engine (not --network none, host or container:X).</summary>
    public bool HasSetup(string containerId) => _setups.ContainsKey(containerId);

    /// <summary>Leases an address on the attachment's network, records it, runs netavark setup for that network in the
    /// running container's namespace (aardvark-dns learns its name and aliases) and publishes connect. On failure the
    /// lease and the record are what they were.</summary>
    /// <param name="interfaceName">The new interface inside the container (the next free ethN).</param>
    public async Task<ContainerEndpoint> ConnectAsync(string containerId, string containerName, NetworkAttachment attachment,
        string interfaceName, CancellationToken cancellationToken)
    {
        NetworkSetupRecord before;
        NetavarkInput.Member member;
        string single;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_setups.TryGetValue(containerId, out var setup))
                throw new NetworkModeConflictException($"container {containerName} has no network namespace of the engine's (it runs with --network none): stop it, connect it, then start it");
            before = setup;
            var network = attachment.NetworkId is { } id && _networks.TryGetValue(id, out var byId) ? byId
                : throw new NetworkNotFoundException(attachment.Name);
            if (setup.Leases.Any(l => l.NetworkId == network.Id))
                throw new EndpointExistsException(containerName, network.Name);
            var address = LeaseAddress(network, attachment.IPv4Address);
            var aliases = new List<string> { containerId[..12] };
            aliases.AddRange(attachment.Aliases.Where(a => a != containerName));
            member = new NetavarkInput.Member(network, interfaceName, address, aliases);
            single = NetavarkInput.Build(containerId, containerName, [member], PortsOf(setup).ToList());
            var grown = new NetworkSetupRecord(containerId, NetavarkInput.Merge(setup.NetavarkJson, single),
                [.. setup.Leases, new IpLease(network.Id, address)]);
            // Recorded before netavark runs: a crash in between still tears the network down at the next start.
            await _store.SaveSetupAsync(grown, cancellationToken);
            _setups[containerId] = grown;
        }
        finally
        {
            _gate.Release();
        }

        string output;
        try
        {
            output = await _netavark.SetupAsync(NetnsPath(containerId), single, CancellationToken.None);
        }
        catch
        {
            await RestoreAsync(before);
            throw;
        }
        await PublishAsync(Events.EventActions.Connect, member.Network, containerId);
        return EndpointOf(member, NetavarkInput.MacAddresses(output));
    }

    /// <summary>Runs netavark teardown for one network of a running container (its interface, forwarding and names in
    /// aardvark-dns go), releases the address and publishes disconnect. A failed teardown is an error unless
    /// <paramref name="force"/>, which logs it and releases the network all the same (what netavark left is then only
    /// what it could not remove itself). Not on the network: nothing is done.</summary>
    public async Task DisconnectAsync(string containerId, string networkId, bool force, CancellationToken cancellationToken)
    {
        NetworkSetupRecord? setup;
        await _gate.WaitAsync(cancellationToken);
        try { setup = _setups.GetValueOrDefault(containerId); }
        finally { _gate.Release(); }
        if (setup is null || !setup.Leases.Any(l => l.NetworkId == networkId)) return;
        // A network with a running member cannot be removed, so it is still known.
        var network = _networks.GetValueOrDefault(networkId);
        var name = network?.Name;
        if (name is not null && NetnsFile.IsBound(NetnsPath(containerId)))
        {
            try
            {
                await _netavark.TeardownAsync(NetnsPath(containerId), NetavarkInput.Only(setup.NetavarkJson, name), cancellationToken);
            }
            catch (NetworkSetupException ex) when (force)
            {
                _logger.LogWarning("Forced disconnect of container {Id} from {Network}: {Reason}", containerId[..12], name, ex.Message);
            }
        }
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            if (_setups.TryGetValue(containerId, out var current))
            {
                var shrunk = new NetworkSetupRecord(containerId,
                    name is null ? current.NetavarkJson : NetavarkInput.Without(current.NetavarkJson, name),
                    current.Leases.Where(l => l.NetworkId != networkId).ToList());
                _setups[containerId] = shrunk;
                await _store.SaveSetupAsync(shrunk, CancellationToken.None);
            }
        }
        finally
        {
            _gate.Release();
        }
        if (network is not null) await PublishAsync(Events.EventActions.Disconnect, network, containerId);
    }

    private async Task RestoreAsync(NetworkSetupRecord before)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            _setups[before.ContainerId] = before;
            await _store.SaveSetupAsync(before, CancellationToken.None);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static ContainerEndpoint EndpointOf(NetavarkInput.Member member, IReadOnlyDictionary<string, string> macs) => new()
    {
        NetworkId = member.Network.Id,
        NetworkName = member.Network.Name,
        InterfaceName = member.InterfaceName,
        IPAddress = member.Address.ToString(),
        PrefixLength = member.Network.Subnet.PrefixLength,
        Gateway = member.Network.Internal ? null : member.Network.Gateway.ToString(),
        MacAddress = macs.GetValueOrDefault(member.Network.Name, ""),
        Aliases = member.Network.DnsEnabled ? member.Aliases : [],
    };
}

/// <summary>docker network connect of a container already on the network: Docker's words.</summary>
public sealed class EndpointExistsException(string containerName, string networkName)
    : ConflictException($"endpoint with name {containerName} already exists in network {networkName}");

/// <summary>docker network disconnect from a network the container is not on: Docker's words.</summary>
public sealed class NotConnectedException(string container, string networkName)
    : ConflictException($"container {container} is not connected to network {networkName}");
