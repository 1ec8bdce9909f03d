using System.Net;
using Dashboard.Engine;
using Dashboard.Engine.Networking;
using Dashboard.Web.Components.Networks;

namespace Dashboard.Web.Components.Tests.Fakes;

/// <summary>Networks in memory: the default bridge, what tests add, and members by container id. Create checks what the
/// engine checks first (a name, a CIDR) so refusals reach the form in the engine's words.</summary>
public sealed class FakeNetworks : INetworkCatalog
{
    private readonly List<NetworkDefinition> _networks = [Network("bridge", "10.91.0.0/24", bridge: "dash0")];
    private readonly Dictionary<string, List<string>> _members = new(StringComparer.Ordinal);

    public string? UnavailableReason { get; set; }
    public List<string> Calls { get; } = [];

    public static NetworkDefinition Network(string name, string subnet, bool isInternal = false, string? bridge = null,
        IReadOnlyDictionary<string, string>? labels = null)
    {
        var cidr = IPNetwork.Parse(subnet);
        var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)));
        var gateway = cidr.BaseAddress.GetAddressBytes();
        gateway[3] += 1;
        return new NetworkDefinition
        {
            Id = id, Name = name, BridgeName = bridge ?? "dn" + id[..13], Subnet = cidr, Gateway = new IPAddress(gateway),
            Internal = isInternal, DnsEnabled = name != "bridge", Labels = labels ?? new Dictionary<string, string>(),
            Created = DateTimeOffset.UtcNow.AddMinutes(Interlocked.Increment(ref s_order)),
        };
    }

    private static int s_order; // creation order, so the list keeps the order of Add

    public NetworkDefinition Add(NetworkDefinition network) { lock (_networks) _networks.Add(network); return network; }

    public void Join(string networkId, string containerId)
    {
        lock (_networks)
        {
            if (!_members.TryGetValue(networkId, out var list)) _members[networkId] = list = [];
            list.Add(containerId);
        }
    }

    public IReadOnlyList<NetworkDefinition> List() { lock (_networks) return _networks.ToList(); }

    public IReadOnlyList<string> MembersOf(string networkId) { lock (_networks) return _members.GetValueOrDefault(networkId)?.ToList() ?? []; }

    public Task<NetworkDefinition> CreateAsync(NetworkCreateRequest request, CancellationToken cancellationToken)
    {
        Calls.Add("create " + request.Name);
        if (request.Subnet is { } subnet && !IPNetwork.TryParse(subnet, out _))
            throw new ValidationException("Subnet", $"invalid subnet {subnet}: give an IPv4 CIDR such as 10.92.0.0/24");
        lock (_networks)
        {
            if (_networks.Any(n => n.Name == request.Name)) throw new NetworkNameConflictException(request.Name);
        }
        return Task.FromResult(Add(Network(request.Name, request.Subnet ?? "10.91.9.0/24", request.Internal, labels: request.Labels)));
    }

    public Task<NetworkDefinition> RemoveAsync(string reference, CancellationToken cancellationToken)
    {
        Calls.Add("remove " + reference);
        lock (_networks)
        {
            var network = _networks.Single(n => n.Id == reference || n.Name == reference);
            if (MembersOf(network.Id) is { Count: > 0 } members) throw new NetworkInUseException(network.Name, members.Select(m => m[..12]).ToList());
            _networks.Remove(network);
            return Task.FromResult(network);
        }
    }

    public async Task<IReadOnlyList<NetworkDefinition>> PruneAsync(CancellationToken cancellationToken)
    {
        Calls.Add("prune");
        var removed = new List<NetworkDefinition>();
        foreach (var network in List().Where(n => n.Name != "bridge" && MembersOf(n.Id).Count == 0))
            removed.Add(await RemoveAsync(network.Id, cancellationToken));
        return removed;
    }
}
