using System.Text.Json;
using System.Text.Json.Nodes;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Networking;

/// <summary>
/// netavark's input (its JSON NetworkOptions, as netavark 1.4 reads it in src/network/types.rs): the container's id and
/// name, per network its interface, static address and aliases, the network definitions themselves, and the port
/// mappings. The engine allocates every address (netavark's own IPAM is not used), so each network entry has its
/// static_ips. setup and teardown are given the same document. Pure.
/// </summary>
public static class NetavarkInput
{
    /// <summary>One network the container joins, with what the engine decided for it.</summary>
    public sealed record Member(NetworkDefinition Network, string InterfaceName, System.Net.IPAddress Address, IReadOnlyList<string> Aliases);

    public static string Build(string containerId, string containerName, IReadOnlyList<Member> members,
        IReadOnlyList<PublishedPort> ports)
    {
        var networks = new JsonObject();
        var info = new JsonObject();
        foreach (var member in members)
        {
            var network = member.Network;
            var per = new JsonObject
            {
                ["interface_name"] = member.InterfaceName,
                ["static_ips"] = new JsonArray(member.Address.ToString()),
            };
            // Aliases only where aardvark-dns answers (netavark ignores them elsewhere, as its docs ask).
            if (network.DnsEnabled) per["aliases"] = new JsonArray([.. member.Aliases.Select(a => (JsonNode)a!)]);
            networks[network.Name] = per;
            var subnet = new JsonObject { ["subnet"] = network.Subnet.ToString() };
            // An internal network's bridge still holds the gateway address (aardvark-dns listens there), but netavark
            // adds no default route and no masquerade for it.
            subnet["gateway"] = network.Gateway.ToString();
            info[network.Name] = new JsonObject
            {
                ["name"] = network.Name,
                ["id"] = network.Id,
                ["driver"] = "bridge",
                ["network_interface"] = network.BridgeName,
                ["subnets"] = new JsonArray(subnet),
                ["ipv6_enabled"] = false,
                ["internal"] = network.Internal,
                ["dns_enabled"] = network.DnsEnabled,
                ["ipam_options"] = new JsonObject { ["driver"] = "host-local" },
                // Docker's rule: containers on different networks cannot reach each other (netavark drops forwarding
                // from one isolated bridge to another; the default bridge is isolated too).
                ["options"] = new JsonObject { ["isolate"] = "true" },
            };
        }
        var root = new JsonObject
        {
            ["container_id"] = containerId,
            ["container_name"] = containerName,
            ["networks"] = networks,
            ["network_info"] = info,
        };
        if (ports.Count > 0)
        {
            root["port_mappings"] = new JsonArray([.. ports.Select(p => (JsonNode)new JsonObject
            {
                ["host_ip"] = p.HostIp,
                ["container_port"] = p.ContainerPort,
                ["host_port"] = p.HostPort,
                ["range"] = 1,
                ["protocol"] = p.Protocol,
            })]);
        }
        return root.ToJsonString();
    }

    /// <summary>The document with only <paramref name="networkName"/> of its networks (and all its port mappings): what
    /// connect sets up and disconnect tears down, as podman hands netavark one network at a time.</summary>
    public static string Only(string input, string networkName) => Edit(input, names => names.Where(n => n == networkName));

    /// <summary>The document without <paramref name="networkName"/>: what is left to tear down after a disconnect.</summary>
    public static string Without(string input, string networkName) => Edit(input, names => names.Where(n => n != networkName));

    /// <summary>The container's whole document after a connect: <paramref name="input"/>'s networks and those of
    /// <paramref name="added"/> (built for the same container and ports).</summary>
    public static string Merge(string input, string added)
    {
        var root = JsonNode.Parse(input)!.AsObject();
        var extra = JsonNode.Parse(added)!.AsObject();
        foreach (var key in new[] { "networks", "network_info" })
        {
            var target = root[key] as JsonObject ?? (JsonObject)(root[key] = new JsonObject());
            foreach (var (name, value) in extra[key]!.AsObject().ToList()) target[name] = value?.DeepClone();
        }
        return root.ToJsonString();
    }

    /// <summary>The network names in the document, in order.</summary>
    public static IReadOnlyList<string> NetworkNames(string input) =>
        JsonNode.Parse(input)?["networks"] is JsonObject networks ? networks.Select(p => p.Key).ToList() : [];

    private static string Edit(string input, Func<IEnumerable<string>, IEnumerable<string>> keep)
    {
        var root = JsonNode.Parse(input)!.AsObject();
        var kept = keep(NetworkNames(input)).ToHashSet(StringComparer.Ordinal);
        foreach (var key in new[] { "networks", "network_info" })
            if (root[key] is JsonObject map)
                foreach (var name in map.Select(p => p.Key).ToList().Where(n => !kept.Contains(n))) map.Remove(name);
        return root.ToJsonString();
    }

    /// <summary>The MAC address netavark gave each interface, from setup's answer
    /// ({"NETWORK": {"interfaces": {"eth0": {"mac_address": ...}}}}).</summary>
    public static IReadOnlyDictionary<string, string> MacAddresses(string setupOutput)
    {
        var macs = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(setupOutput)) return macs;
        using var document = JsonDocument.Parse(setupOutput);
        foreach (var network in document.RootElement.EnumerateObject())
        {
            if (!network.Value.TryGetProperty("interfaces", out var interfaces) || interfaces.ValueKind != JsonValueKind.Object) continue;
            foreach (var iface in interfaces.EnumerateObject())
                if (iface.Value.TryGetProperty("mac_address", out var mac)) macs[network.Name] = mac.GetString() ?? "";
        }
        return macs;
    }
}
