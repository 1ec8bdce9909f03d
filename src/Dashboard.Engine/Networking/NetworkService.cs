using System.Net;
using System.Security.Cryptography;
using Dashboard.Engine.Persistence;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Networking;

/// <summary>
/// The engine's networks: their definitions and the addresses leased on them (both in SQLite through
/// <see cref="INetworkStore"/>), and the network side of a container's life — its namespace, addresses, host ports,
/// netavark setup at start and teardown at exit (Endpoints.cs), and the sweep of what a crash left (Sweep.cs).
/// One gate serialises changes to the tables and the maps; netavark runs outside it, each container's calls already
/// ordered by that container's lock in the engine.
/// </summary>
public sealed partial class NetworkService
{
    private readonly INetworkStore _store;
    private readonly NetavarkClient _netavark;
    private readonly NetworkServiceOptions _options;
    private readonly ILogger _logger;
    private readonly Events.EventHub? _events;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, NetworkDefinition> _networks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, NetworkSetupRecord> _setups = new(StringComparer.Ordinal);
    /// <summary>Containers whose connect events were published (see AnnounceAsync): their teardown publishes disconnects.</summary>
    private readonly HashSet<string> _announced = new(StringComparer.Ordinal);

    /// <param name="events">Where network events (create, destroy, connect, disconnect) go, as Docker publishes them;
    /// null publishes none.</param>
    public NetworkService(INetworkStore store, NetavarkClient netavark, NetworkServiceOptions options, ILogger logger,
        Events.EventHub? events = null)
    {
        _events = events;
        _store = store;
        _netavark = netavark;
        _options = options;
        _logger = logger;
    }

    public NetworkTools Tools => _options.Tools;

    /// <summary>Loads the networks and leases, and creates the default network <c>bridge</c> the first time.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        foreach (var loaded in await _store.LoadNetworksAsync(cancellationToken)) _networks[loaded.Id] = loaded;
        foreach (var setup in await _store.LoadSetupsAsync(cancellationToken))
        {
            _setups[setup.ContainerId] = setup;
            _announced.Add(setup.ContainerId); // published by the daemon that set them up
        }
        if (_networks.Values.Any(n => n.Name == NetworkDefinition.DefaultName)) return;
        var subnet = _options.DefaultSubnet is { Length: > 0 } configured
            ? Subnets.TryParse(configured, out var parsed, out var error) ? parsed : throw new ValidationException("Engine:NetworkDefaultSubnet", error!)
            : PickSubnet();
        var network = new NetworkDefinition
        {
            Id = NewId(),
            Name = NetworkDefinition.DefaultName,
            BridgeName = _options.DefaultBridgeName,
            Subnet = subnet,
            Gateway = Subnets.FirstHost(subnet),
            DnsEnabled = false,
            Created = DateTimeOffset.UtcNow,
        };
        await _store.InsertNetworkAsync(network, cancellationToken);
        _networks[network.Id] = network;
        _logger.LogInformation("Created the default network {Name} on {Subnet} (bridge {Bridge})", network.Name, network.Subnet, network.BridgeName);
    }

    public IReadOnlyList<NetworkDefinition> List() => _networks.Values.OrderBy(n => n.Created).ThenBy(n => n.Name).ToList();

    /// <summary>By full name, full id or unique id prefix, as Docker resolves network references.</summary>
    public NetworkDefinition Resolve(string reference)
    {
        var all = _networks.Values.ToList();
        if (all.FirstOrDefault(n => n.Name == reference) is { } byName) return byName;
        if (all.FirstOrDefault(n => n.Id == reference) is { } byId) return byId;
        if (reference.Length > 0)
        {
            var prefixed = all.Where(n => n.Id.StartsWith(reference, StringComparison.Ordinal)).ToList();
            if (prefixed.Count == 1) return prefixed[0];
            if (prefixed.Count > 1) throw new AmbiguousReferenceException(reference);
        }
        throw new NetworkNotFoundException(reference);
    }

    /// <summary>The containers with addresses on the network (the running ones), by id.</summary>
    public IReadOnlyList<string> MembersOf(string networkId) =>
        _setups.Values.Where(s => s.Leases.Any(l => l.NetworkId == networkId)).Select(s => s.ContainerId).ToList();

    public async Task<NetworkDefinition> CreateAsync(NetworkCreateRequest request, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var name = request.Name?.Trim() ?? "";
        if (!NetworkNames.IsValid(name))
            errors.Add(new FieldError("Name", $"invalid network name '{name}': use letters, digits, '_', '.' and '-', starting with a letter or digit"));
        else if (NetworkDefinition.ReservedNames.Contains(name))
            errors.Add(new FieldError("Name", $"{name} is a pre-defined network name or network mode and cannot be used for a new network"));
        if (request.Driver is { Length: > 0 } driver && driver != "bridge")
            errors.Add(new FieldError("Driver", $"network driver '{driver}' is not supported: this engine has only the bridge driver"));
        IPNetwork? subnet = null;
        if (request.Subnet is { Length: > 0 } subnetText)
        {
            if (Subnets.TryParse(subnetText, out var parsed, out var error)) subnet = parsed;
            else errors.Add(new FieldError("Subnet", error!));
        }
        IPAddress? gateway = null;
        if (request.Gateway is { Length: > 0 } gatewayText)
        {
            if (!IPAddress.TryParse(gatewayText, out var address) || address.AddressFamily != System.Net.Sockets.AddressFamily.InterNetwork)
                errors.Add(new FieldError("Gateway", $"invalid gateway {gatewayText}: give an IPv4 address"));
            else if (subnet is null && request.Subnet is not { Length: > 0 })
                errors.Add(new FieldError("Gateway", "a gateway needs a subnet: give --subnet with --gateway"));
            else if (subnet is { } s && !Subnets.IsUsableHost(s, address))
                errors.Add(new FieldError("Gateway", $"gateway {gatewayText} is not a usable address of subnet {s}"));
            else gateway = address;
        }
        if (errors.Count > 0) throw new ValidationException(errors);

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_networks.Values.Any(n => n.Name == name)) throw new NetworkNameConflictException(name);
            if (subnet is { } chosen)
            {
                if (_networks.Values.FirstOrDefault(n => Subnets.Overlap(n.Subnet, chosen)) is { } other)
                    throw new SubnetConflictException($"subnet {chosen} overlaps subnet {other.Subnet} of network {other.Name}");
                if (Subnets.HostRoutes().FirstOrDefault(r => Subnets.Overlap(r, chosen)) is var route && route != default)
                    throw new SubnetConflictException($"subnet {chosen} overlaps the host's route to {route}: pick another subnet");
            }
            subnet ??= PickSubnet();
            var id = NewId();
            var network = new NetworkDefinition
            {
                Id = id,
                Name = name,
                BridgeName = _options.UserBridgePrefix + id[..(15 - _options.UserBridgePrefix.Length)],
                Subnet = subnet.Value,
                Gateway = gateway ?? Subnets.FirstHost(subnet.Value),
                Internal = request.Internal,
                DnsEnabled = true,
                Labels = new Dictionary<string, string>(request.Labels ?? new Dictionary<string, string>()),
                Created = DateTimeOffset.UtcNow,
            };
            await _store.InsertNetworkAsync(network, cancellationToken);
            _networks[id] = network;
            await PublishAsync(Events.EventActions.Create, network, null);
            return network;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes a network no running container is on. The default network cannot be removed (403 in Docker).</summary>
    public async Task<NetworkDefinition> RemoveAsync(string reference, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var network = Resolve(reference);
            if (network.Name == NetworkDefinition.DefaultName)
                throw new PredefinedNetworkException(network.Name);
            var members = MembersOf(network.Id);
            if (members.Count > 0) throw new NetworkInUseException(network.Name, members.Select(m => m[..12]).ToList());
            await _store.DeleteNetworkAsync(network.Id, cancellationToken);
            _networks.Remove(network.Id);
            await PublishAsync(Events.EventActions.Destroy, network, null);
            return network;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Removes every user network no running container is on (and that <paramref name="keep"/> does not keep:
    /// Docker's prune filters); returns them.</summary>
    public async Task<IReadOnlyList<NetworkDefinition>> PruneAsync(Func<NetworkDefinition, bool> keep, CancellationToken cancellationToken)
    {
        var removed = new List<NetworkDefinition>();
        foreach (var network in List().Where(n => n.Name != NetworkDefinition.DefaultName && !keep(n)))
        {
            try { removed.Add(await RemoveAsync(network.Id, cancellationToken)); }
            catch (NetworkInUseException) { }
            catch (NetworkNotFoundException) { }
        }
        return removed;
    }

    private IPNetwork PickSubnet()
    {
        var taken = _networks.Values.Select(n => n.Subnet).Concat(Subnets.HostRoutes());
        return Subnets.PickFree(taken, _options.SubnetPool)
            ?? throw new SubnetConflictException($"no free /24 left in {_options.SubnetPool}: remove unused networks or give --subnet");
    }

    /// <summary>Docker's shape: Actor.ID is the network's id; name and type (the driver), and for connect and
    /// disconnect the container's id.</summary>
    private Task PublishAsync(string action, NetworkDefinition network, string? containerId)
    {
        if (_events is null) return Task.CompletedTask;
        var attributes = new Dictionary<string, string> { ["name"] = network.Name, ["type"] = network.Driver };
        if (containerId is not null) attributes["container"] = containerId;
        return _events.PublishAsync(Events.EventTypes.Network, action, network.Id, attributes, CancellationToken.None);
    }

    private static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}

/// <summary>Settings of the network service, from EngineOptions.</summary>
public sealed record NetworkServiceOptions(NetworkTools Tools, string NetnsDirectory, string DefaultBridgeName, IPNetwork SubnetPool, string? DefaultSubnet)
{
    /// <summary>User networks' bridges are this prefix and the start of the network's id (15 characters in all).</summary>
    public string UserBridgePrefix { get; init; } = "dn";
}

/// <summary>A subnet that overlaps another network's or a host route: 409.</summary>
public sealed class SubnetConflictException(string message) : ConflictException(message);

/// <summary>docker network rm bridge: Docker answers 403 "bridge is a pre-defined network and cannot be removed".</summary>
public sealed class PredefinedNetworkException(string name)
    : ConflictException($"{name} is a pre-defined network and cannot be removed");
