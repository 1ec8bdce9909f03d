using System.Net;
using System.Net.Sockets;
using Dashboard.Engine.Spec;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Networking;

public sealed partial class NetworkService
{
    public string NetnsPath(string containerId) => NetnsFile.PathFor(_options.NetnsDirectory, containerId);

    /// <summary>
    /// Create-time check of --network and EndpointsConfig: each network exists (its id is recorded) and a static
    /// address is a usable one of its subnet, not the gateway.
    /// </summary>
    public IReadOnlyList<NetworkAttachment> ResolveAttachments(IReadOnlyList<NetworkAttachment> attachments)
    {
        var errors = new List<FieldError>();
        var resolved = new List<NetworkAttachment>();
        foreach (var attachment in attachments)
        {
            NetworkDefinition network;
            try { network = Resolve(attachment.Name); }
            catch (NetworkNotFoundException)
            {
                // 400, not 404: the docker CLI answers a 404 from create by trying to pull the image.
                errors.Add(new FieldError("network", $"network {attachment.Name} not found"));
                continue;
            }
            if (attachment.IPv4Address is { } ip)
            {
                var address = IPAddress.Parse(ip);
                if (!Subnets.IsUsableHost(network.Subnet, address) || address.Equals(network.Gateway))
                    errors.Add(new FieldError("ip", $"--ip {ip} is not a usable address of network {network.Name} ({network.Subnet}, gateway {network.Gateway})"));
            }
            resolved.Add(attachment with { Name = network.Name, NetworkId = network.Id });
        }
        if (errors.Count > 0) throw new ValidationException(errors);
        return resolved;
    }

    /// <summary>
    /// The network side of a start: leases an address on each network, binds the published host ports (a random one for
    /// host port 0; a port another container or program holds is a <see cref="PortAllocatedException"/>), records the
    /// setup, creates the namespace and runs netavark setup. On failure everything it did is undone. The caller holds
    /// the container's lock.
    /// </summary>
    public async Task<ContainerNetworkSetup> SetupAsync(string containerId, string containerName, ContainerConfig config, CancellationToken cancellationToken)
    {
        var members = new List<NetavarkInput.Member>();
        List<PublishedPort> ports;
        NetworkSetupRecord record;
        await _gate.WaitAsync(cancellationToken);
        try
        {
            // What a previous run left (a crash between setup and exit processing) goes first.
            if (_setups.ContainsKey(containerId)) await TeardownLockedAsync(containerId);
            for (var i = 0; i < config.Networks.Count; i++)
            {
                var attachment = config.Networks[i];
                var network = attachment.NetworkId is { } id && _networks.TryGetValue(id, out var byId) ? byId
                    : throw new NetworkNotFoundException(attachment.Name);
                var address = LeaseAddress(network, attachment.IPv4Address);
                var aliases = new List<string> { containerId[..12] };
                aliases.AddRange(attachment.Aliases.Where(a => a != containerName));
                members.Add(new NetavarkInput.Member(network, $"eth{i}", address, aliases));
            }
            ports = BindHostPorts(containerId, PortsToBind(config));
            var input = NetavarkInput.Build(containerId, containerName, members, ports);
            record = new NetworkSetupRecord(containerId, input, members.Select(m => new IpLease(m.Network.Id, m.Address)).ToList());
            await _store.SaveSetupAsync(record, cancellationToken);
            _setups[containerId] = record;
        }
        finally
        {
            _gate.Release();
        }

        var netns = NetnsPath(containerId);
        try
        {
            NetnsFile.TryDelete(netns);
            await NetnsFile.CreateAsync(netns);
            var output = await _netavark.SetupAsync(netns, record.NetavarkJson, CancellationToken.None);
            var macs = NetavarkInput.MacAddresses(output);
            var endpoints = members.Select(m => EndpointOf(m, macs)).ToList();
            var dns = members.Where(m => m.Network.DnsEnabled).Select(m => m.Network.Gateway.ToString()).Distinct().ToList();
            // The connect events are stored later (AnnounceAsync), off the start's critical path: each is a durable write.
            return new ContainerNetworkSetup(netns, endpoints, ports, dns);
        }
        catch
        {
            await TeardownAsync(containerId, CancellationToken.None);
            throw;
        }
    }

    /// <summary>Publishes a started container's connect events, one per network, as Docker does before its start event.
    /// Apart from <see cref="SetupAsync"/> so that their durable writes overlap the runtime's start instead of delaying
    /// it; the engine calls it before it publishes the start.</summary>
    public async Task AnnounceAsync(string containerId)
    {
        List<NetworkDefinition> joined;
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            if (!_setups.TryGetValue(containerId, out var setup) || !_announced.Add(containerId)) return;
            joined = setup.Leases.Select(l => _networks.GetValueOrDefault(l.NetworkId)).OfType<NetworkDefinition>().ToList();
        }
        finally
        {
            _gate.Release();
        }
        foreach (var network in joined) await PublishAsync(Events.EventActions.Connect, network, containerId);
    }

    /// <summary>Undoes a container's setup: netavark teardown with the input that set it up, the namespace unbound and
    /// the leases released. Nothing to undo is not an error; a teardown that fails is logged and the rest still done
    /// (what netavark left is then only what it could not remove itself).</summary>
    public async Task TeardownAsync(string containerId, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await TeardownLockedAsync(containerId);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task TeardownLockedAsync(string containerId)
    {
        var netns = NetnsPath(containerId);
        if (!_setups.Remove(containerId, out var setup))
        {
            NetnsFile.TryDelete(netns);
            return;
        }
        // A container disconnected from every network kept its namespace (loopback only): nothing for netavark.
        if (setup.Leases.Count > 0 && File.Exists(netns) && NetnsFile.IsBound(netns))
        {
            try { await _netavark.TeardownAsync(netns, setup.NetavarkJson, CancellationToken.None); }
            catch (Exception ex) when (ex is NetworkSetupException or IOException or System.ComponentModel.Win32Exception)
            {
                _logger.LogWarning("Network teardown of container {Id}: {Reason}", containerId[..12], ex.Message);
            }
        }
        else if (setup.Leases.Count > 0)
        {
            // The namespace is gone (a reboot emptied RunRoot, or an earlier teardown got this far): its veth went with
            // it and the firewall rules did not survive a reboot; only the leases are left to release.
            _logger.LogInformation("Network namespace of container {Id} is gone; releasing its addresses", containerId[..12]);
        }
        NetnsFile.TryDelete(netns);
        // A start that failed before its connects were announced has no disconnects to announce either.
        if (_announced.Remove(containerId))
            foreach (var lease in setup.Leases)
                if (_networks.TryGetValue(lease.NetworkId, out var network)) await PublishAsync(Events.EventActions.Disconnect, network, containerId);
        try
        {
            await _store.DeleteSetupAsync(containerId, CancellationToken.None);
        }
        catch (Exception ex) when (ex is EngineException or IOException)
        {
            // The network is down already; the row is released at the next start (its sweep finds no namespace).
            _logger.LogWarning("The network setup of container {Id} stays recorded until the next start: {Reason}", containerId[..12], ex.Message);
        }
    }

    private IPAddress LeaseAddress(NetworkDefinition network, string? requested)
    {
        var taken = _setups.Values.SelectMany(s => s.Leases).Where(l => l.NetworkId == network.Id).Select(l => l.Address).ToHashSet();
        if (requested is not null)
        {
            var address = IPAddress.Parse(requested);
            if (taken.Contains(address)) throw new IpLeaseConflictException(network.Name, requested);
            return address;
        }
        return Subnets.Hosts(network.Subnet).FirstOrDefault(a => !a.Equals(network.Gateway) && !taken.Contains(a))
            ?? throw new IpLeaseConflictException(network.Name, $"(none left of {network.Subnet})");
    }

    /// <summary>The host ports of the bindings: a port another container of this engine publishes, or one the host's
    /// sockets hold, is refused before anything starts; host port 0 gets a free port from the kernel.</summary>
    private List<PublishedPort> BindHostPorts(string containerId, IReadOnlyList<PortBinding> bindings)
    {
        var ports = new List<PublishedPort>();
        var published = _setups.Values.Where(s => s.ContainerId != containerId)
            .SelectMany(s => PortsOf(s).Select(p => (s.ContainerId, Port: p))).ToList();
        foreach (var binding in bindings)
        {
            var hostPort = binding.HostPort;
            if (hostPort != 0)
            {
                var clash = published.FirstOrDefault(p => p.Port.HostPort == hostPort && p.Port.Protocol == binding.Protocol
                    && (p.Port.HostIp.Length == 0 || binding.HostIp.Length == 0 || p.Port.HostIp == binding.HostIp));
                if (clash.Port is not null)
                    throw new PortAllocatedException(binding.HostIp, hostPort, binding.Protocol, $"container {clash.ContainerId[..12]} publishes it");
            }
            hostPort = ProbeHostPort(binding.HostIp, hostPort, binding.Protocol);
            var port = new PublishedPort(binding.HostIp, hostPort, binding.ContainerPort, binding.Protocol);
            ports.Add(port);
            published.Add((containerId, port));
        }
        return ports;
    }

    /// <summary>-p's bindings, and with -P every exposed port -p does not publish, on a random host port of every address
    /// (Docker's -P).</summary>
    private static IReadOnlyList<PortBinding> PortsToBind(ContainerConfig config)
    {
        if (!config.PublishAllPorts) return config.PortBindings;
        var published = config.PortBindings.Select(b => b.ContainerKey).ToHashSet(StringComparer.Ordinal);
        var all = config.PortBindings.ToList();
        foreach (var key in config.ExposedPorts.Where(k => !published.Contains(k)))
        {
            var parts = key.Split('/');
            all.Add(new PortBinding("", 0, int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), parts.Length > 1 ? parts[1] : "tcp"));
        }
        return all;
    }

    /// <summary>Binds the host port for a moment: taken by another program means refused; 0 means "give me one".
    /// (netavark forwards with DNAT and holds no socket; a program that binds the port later is shadowed by the
    /// forwarding for as long as the container runs, as with podman.)</summary>
    private static int ProbeHostPort(string hostIp, int port, string protocol)
    {
        var address = hostIp.Length == 0 ? IPAddress.Any : IPAddress.Parse(hostIp);
        using var socket = protocol == "udp"
            ? new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp)
            : new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            socket.Bind(new IPEndPoint(address, port));
            return ((IPEndPoint)socket.LocalEndPoint!).Port;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw new PortAllocatedException(hostIp, port, protocol, "another program on the host listens on it");
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressNotAvailable)
        {
            throw new ValidationException("publish", $"-p {hostIp}:{port}: {hostIp} is not an address of this host");
        }
    }

    private static IEnumerable<PublishedPort> PortsOf(NetworkSetupRecord setup)
    {
        using var document = System.Text.Json.JsonDocument.Parse(setup.NetavarkJson);
        if (!document.RootElement.TryGetProperty("port_mappings", out var mappings)) return [];
        return mappings.EnumerateArray().Select(m => new PublishedPort(
            m.GetProperty("host_ip").GetString() ?? "", m.GetProperty("host_port").GetInt32(),
            m.GetProperty("container_port").GetInt32(), m.GetProperty("protocol").GetString() ?? "tcp")).ToList();
    }
}
