using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;
using Dashboard.Web.DockerApi.Models;

namespace Dashboard.Web.DockerApi;

/// <summary>A container's networks and ports in Docker's shapes: inspect's NetworkSettings and HostConfig.PortBindings,
/// and the list's Ports. Addresses are the running container's (empty when it is not running, as in Docker).</summary>
internal static class ContainerNetworkMapper
{
    public static NetworkSettingsModel Settings(ContainerRecord record)
    {
        var config = record.Config;
        var endpoints = record.State.Status.IsAlive() ? record.State.Networks : [];
        var networks = new Dictionary<string, EndpointModel>(StringComparer.Ordinal);
        foreach (var attachment in config.Networks)
        {
            var endpoint = endpoints.FirstOrDefault(e => e.NetworkName == attachment.Name);
            networks[attachment.Name] = new EndpointModel(
                IPAMConfig: attachment.IPv4Address is { } ip ? new EndpointIpamModel(ip) : null,
                Links: null,
                Aliases: attachment.Aliases.Count == 0 && endpoint is null ? null : [.. endpoint?.Aliases ?? [], .. attachment.Aliases.Except(endpoint?.Aliases ?? [])],
                NetworkID: attachment.NetworkId ?? "",
                EndpointID: endpoint is null ? "" : EndpointId(record.Id, endpoint.NetworkId),
                Gateway: endpoint?.Gateway ?? "",
                IPAddress: endpoint?.IPAddress ?? "",
                IPPrefixLen: endpoint?.PrefixLength ?? 0,
                IPv6Gateway: "", GlobalIPv6Address: "", GlobalIPv6PrefixLen: 0,
                MacAddress: endpoint?.MacAddress ?? "",
                DriverOpts: null);
        }
        if (config.NetworkMode.IsPrivate && config.Networks.Count == 0 || !config.NetworkMode.IsPrivate)
        {
            // Docker lists the mode itself ("none", "host") as the container's one network.
            var name = NetworkMode.DockerName(config);
            if (!config.NetworkMode.IsContainer)
                networks[name] = new EndpointModel(null, null, null, "", "", "", "", 0, "", "", 0, "", null);
        }
        var first = endpoints.FirstOrDefault();
        return new NetworkSettingsModel(
            Networks: networks,
            Ports: Ports(record),
            IPAddress: first?.IPAddress ?? "",
            IPPrefixLen: first?.PrefixLength ?? 0,
            Gateway: first?.Gateway ?? "",
            MacAddress: first?.MacAddress ?? "",
            EndpointID: first is null ? "" : EndpointId(record.Id, first.NetworkId),
            SandboxKey: first is null ? "" : "/proc/" + (record.State.Pid ?? 0) + "/ns/net");
    }

    /// <summary>"80/tcp" → the host side as bound at start (a random port resolved); before a start, as asked.</summary>
    private static Dictionary<string, IReadOnlyList<PortBindingModel>?> Ports(ContainerRecord record)
    {
        var ports = new Dictionary<string, IReadOnlyList<PortBindingModel>?>(StringComparer.Ordinal);
        if (!record.State.Status.IsAlive()) return ports;
        foreach (var group in record.State.Ports.GroupBy(p => $"{p.ContainerPort}/{p.Protocol}"))
            ports[group.Key] = group.Select(p => new PortBindingModel(p.HostIp.Length == 0 ? "0.0.0.0" : p.HostIp, p.HostPort.ToString())).ToList();
        return ports;
    }

    public static IReadOnlyDictionary<string, IReadOnlyList<PortBindingModel>>? PortBindings(ContainerConfig config) =>
        config.PortBindings.Count == 0 ? null : config.PortBindings.GroupBy(b => b.ContainerKey).ToDictionary(
            g => g.Key,
            g => (IReadOnlyList<PortBindingModel>)g.Select(b => new PortBindingModel(b.HostIp, b.HostPort == 0 ? "" : b.HostPort.ToString())).ToList());

    public static IReadOnlyList<PortSummaryModel> PortSummaries(ContainerRecord record) =>
        record.State.Status.IsAlive()
            ? record.State.Ports.Select(p => new PortSummaryModel(p.HostIp.Length == 0 ? "0.0.0.0" : p.HostIp, p.ContainerPort, p.HostPort, p.Protocol)).ToList()
            : [];

    /// <summary>A stable id for the container's endpoint on a network (Docker's EndpointID is random; this one is
    /// derived so that inspect agrees with the network's Containers map).</summary>
    public static string EndpointId(string containerId, string networkId) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(containerId + networkId)));
}
