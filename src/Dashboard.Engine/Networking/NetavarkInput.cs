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
