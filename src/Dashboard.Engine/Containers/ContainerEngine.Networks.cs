using Microsoft.Extensions.Logging;
using Dashboard.Engine.Networking;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Containers;

/// <summary>
/// The engine's networks in a container's life: resolved at create (each network exists; its id is recorded), set up at
/// start before the runtime's create (namespace, addresses, host ports, netavark), torn down whenever the run ends
/// (exit, stop, failed start, remove) and swept at daemon start. All under the container's lock.
/// </summary>
public sealed partial class ContainerEngine
{
    /// <summary>The networks of the container's definition, checked against the engine's. A host without netavark
    /// (or an engine composed without a network store) runs containers that asked for nothing on --network none, as
    /// before networks existed; one that asked for a network or ports is refused.</summary>
    private ContainerConfig ResolveNetworks(ContainerConfig config, CreateContainerRequest request)
    {
        if (config.Networks.Count == 0) return config;
        if (_networks is null)
        {
            var askedForNothing = request.NetworkMode?.Trim() is null or "" or "default"
                && (request.Networks ?? []).Count == 0 && config.PortBindings.Count == 0 && !config.PublishAllPorts;
            if (askedForNothing) return config with { Networks = [] };
            throw new NetworkingUnavailableException("netavark and aardvark-dns are not installed (apt-get install netavark aardvark-dns, then restart the daemon); use --network none or host");
        }
        return config with { Networks = _networks.ResolveAttachments(config.Networks) };
    }

    private async Task<ContainerNetworkSetup?> SetupNetworkAsync(ContainerRecord record, CancellationToken cancellationToken)
    {
        var config = record.Config;
        if (!config.NetworkMode.IsPrivate || config.Networks.Count == 0) return null;
        if (_networks is null)
            throw new NetworkingUnavailableException("netavark and aardvark-dns are not installed; recreate the container with --network none");
        return await _networks.SetupAsync(record.Id, record.Name, config, cancellationToken);
    }

    private async Task TeardownNetworkQuietlyAsync(string id)
    {
        if (_networks is null) return;
        try { await _networks.TeardownAsync(id, CancellationToken.None); }
        catch (Exception ex) when (ex is IOException or EngineException) { _logger.LogWarning(ex, "Network teardown of container {Id} failed", id[..12]); }
    }
}
