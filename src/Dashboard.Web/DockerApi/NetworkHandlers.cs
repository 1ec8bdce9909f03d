using Dashboard.Engine.Containers;
using Dashboard.Engine.Networking;
using Dashboard.Web.DockerApi.Models;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.DockerApi;

/// <summary>/networks: list, inspect, create (bridge driver; --subnet, --gateway, --internal, --label), remove (409 while
/// a running container is on it), prune, connect (--ip, --alias) and disconnect (-f) of a running or stopped container.</summary>
internal static class NetworkHandlers
{
    /// <summary>The engine's networks, or null when it has none (no netavark; a host composed over fakes).</summary>
    private static NetworkService? Available(HttpContext context) => context.RequestServices.GetService<EngineHolder>()?.Current?.Networks;

    public static NetworkService Networks(HttpContext context) =>
        context.RequestServices.GetService<EngineHolder>()?.Current?.Networks
        ?? throw new NetworkingUnavailableException(context.RequestServices.GetService<EngineHolder>()?.Current?.NetworksUnavailableReason
            ?? "the engine has no network backend");

    private static readonly HashSet<string> s_listFilters = new(StringComparer.Ordinal) { "name", "id", "driver", "label", "type", "scope" };

    public static Task ListAsync(HttpContext context)
    {
        var filters = DockerQuery.Filters(context.Request);
        foreach (var key in filters.Keys.Where(k => !s_listFilters.Contains(k)))
            throw new DockerApiException(StatusCodes.Status400BadRequest, $"invalid filter '{key}': networks can be filtered by {string.Join(", ", s_listFilters)}");
        // Without networks there are none to list (and docker inspect NAME, which also asks /networks, finds none).
        if (Available(context) is not { } networks) return DockerJson.WriteAsync(context, Array.Empty<NetworkResource>());
        var containers = ContainerHandlers.Engine(context).List();
        var list = networks.List().Where(n => Matches(n, filters)).Select(n => Resource(n, networks, containers)).ToList();
        return DockerJson.WriteAsync(context, list);
    }

    public static Task InspectAsync(HttpContext context)
    {
        var networks = Available(context) ?? throw new NetworkNotFoundException(Id(context));
        var network = networks.Resolve(Id(context));
        return DockerJson.WriteAsync(context, Resource(network, networks, ContainerHandlers.Engine(context).List()));
    }

    public static async Task CreateAsync(HttpContext context)
    {
        var body = await DockerJson.ReadAsync<NetworkCreateBody>(context)
            ?? throw new DockerApiException(StatusCodes.Status400BadRequest, "network create needs a body with a Name");
        if (Refusals(body) is { Count: > 0 } refusals)
            throw new DockerApiException(StatusCodes.Status400BadRequest, string.Join("; ", refusals));
        var ipam = body.IPAM?.Config?.FirstOrDefault();
        var network = await Networks(context).CreateAsync(new NetworkCreateRequest
        {
            Name = body.Name ?? "",
            Driver = body.Driver,
            Subnet = ipam?.Subnet,
            Gateway = ipam?.Gateway,
            Internal = body.Internal,
            Labels = body.Labels ?? new Dictionary<string, string>(),
        }, CancellationToken.None);
        await DockerJson.WriteAsync(context, new NetworkCreateResponse(network.Id, ""), StatusCodes.Status201Created);
    }

    public static async Task RemoveAsync(HttpContext context)
    {
        await Networks(context).RemoveAsync(Id(context), CancellationToken.None);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
    }

    public static async Task PruneAsync(HttpContext context)
    {
        var filters = DockerQuery.Filters(context.Request);
        foreach (var key in filters.Keys.Where(k => k != "label"))
            throw new DockerApiException(StatusCodes.Status400BadRequest, $"invalid filter '{key}': network prune can be filtered by label");
        var removed = await Networks(context).PruneAsync(n => !Matches(n, filters), CancellationToken.None);
        await DockerJson.WriteAsync(context, new NetworkPruneResponse(removed.Select(n => n.Name).ToList()));
    }

    public static async Task ConnectAsync(HttpContext context)
    {
        var body = await DockerJson.ReadAsync<NetworkConnectBody>(context);
        if (body?.Container is not { Length: > 0 } container)
            throw new DockerApiException(StatusCodes.Status400BadRequest, "network connect needs a body with a Container");
        var endpoint = body.EndpointConfig;
        if (ConnectRefusals(endpoint) is { Count: > 0 } refusals)
            throw new DockerApiException(StatusCodes.Status400BadRequest, string.Join("; ", refusals));
        // Without a network backend: its reason, as for the other network routes.
        _ = Networks(context);
        await ContainerHandlers.Engine(context).ConnectNetworkAsync(container, Id(context), endpoint?.Aliases,
            endpoint?.IPAMConfig?.IPv4Address, CancellationToken.None);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    public static async Task DisconnectAsync(HttpContext context)
    {
        var body = await DockerJson.ReadAsync<NetworkDisconnectBody>(context);
        if (body?.Container is not { Length: > 0 } container)
            throw new DockerApiException(StatusCodes.Status400BadRequest, "network disconnect needs a body with a Container");
        _ = Networks(context);
        await ContainerHandlers.Engine(context).DisconnectNetworkAsync(container, Id(context), body.Force, CancellationToken.None);
        context.Response.StatusCode = StatusCodes.Status200OK;
    }

    /// <summary>The endpoint options of docker network connect the engine does not act on, named, when set.</summary>
    private static List<string> ConnectRefusals(ConnectEndpointBody? endpoint)
    {
        var refusals = new List<string>();
        if (endpoint is null) return refusals;
        if (endpoint.Links is { Count: > 0 }) refusals.Add("Links (--link) are not supported: containers on a user network reach each other by name");
        if (endpoint.DriverOpts is { Count: > 0 }) refusals.Add("DriverOpts (--driver-opt) are not supported: the bridge is configured by the engine");
        if (endpoint.MacAddress is { Length: > 0 }) refusals.Add("MacAddress (--mac-address) is not supported: netavark picks the MAC");
        if (endpoint.GwPriority != 0) refusals.Add("GwPriority (--gw-priority) is not supported: the first network gives the default route");
        if (endpoint.IPAMConfig?.IPv6Address is { Length: > 0 }) refusals.Add("IPv6Address (--ip6) is not supported: networks here are IPv4 only");
        if (endpoint.IPAMConfig?.LinkLocalIPs is { Count: > 0 }) refusals.Add("LinkLocalIPs (--link-local-ip) are not supported");
        return refusals;
    }

    private static string Id(HttpContext context) => (string?)context.Request.RouteValues["id"] ?? "";

    /// <summary>Every option of Docker's create this engine does not act on, named, when it is not at its default.</summary>
    private static List<string> Refusals(NetworkCreateBody body)
    {
        var refusals = new List<string>();
        if (body.Scope is { Length: > 0 } scope && scope != "local") refusals.Add($"Scope {scope} (--scope) is not supported: networks here are local");
        if (body.Attachable) refusals.Add("Attachable (--attachable) is not supported: it is for swarm services");
        if (body.Ingress) refusals.Add("Ingress (--ingress) is not supported: it is for swarm routing");
        if (body.ConfigOnly) refusals.Add("ConfigOnly (--config-only) is not supported");
        if (body.ConfigFrom is { ValueKind: System.Text.Json.JsonValueKind.Object } from && from.EnumerateObject().Any(p => p.Value.ToString().Length > 0))
            refusals.Add("ConfigFrom (--config-from) is not supported");
        if (body.EnableIPv6) refusals.Add("EnableIPv6 (--ipv6) is not supported: networks here are IPv4 only");
        if (body.EnableIPv4 == false) refusals.Add("EnableIPv4=false (--ipv4=false) is not supported: networks here are IPv4");
        if (body.Options is { Count: > 0 } options)
            refusals.Add($"Options (-o, --opt) {string.Join(", ", options.Keys)} are not supported: the bridge is configured by the engine");
        if (body.IPAM is { } ipam)
        {
            if (ipam.Driver is { Length: > 0 } driver && driver != "default") refusals.Add($"IPAM driver {driver} (--ipam-driver) is not supported: the engine allocates addresses itself");
            if (ipam.Options is { Count: > 0 }) refusals.Add("IPAM options (--ipam-opt) are not supported");
            if (ipam.Config is { Count: > 1 }) refusals.Add("more than one subnet (--subnet given twice) is not supported: a network has one IPv4 subnet");
            foreach (var config in ipam.Config ?? [])
            {
                if (config.IPRange is { Length: > 0 }) refusals.Add("IPRange (--ip-range) is not supported: addresses are leased from the whole subnet");
                if (config.AuxiliaryAddresses is { Count: > 0 }) refusals.Add("AuxiliaryAddresses (--aux-address) are not supported");
            }
        }
        return refusals;
    }

    private static bool Matches(NetworkDefinition network, Dictionary<string, List<string>> filters)
    {
        bool Any(string key, Func<string, bool> test) => !filters.TryGetValue(key, out var values) || values.Count == 0 || values.Any(test);
        return Any("name", v => network.Name.Contains(v, StringComparison.Ordinal))
            && Any("id", v => network.Id.StartsWith(v, StringComparison.Ordinal))
            && Any("driver", v => v == network.Driver)
            && Any("scope", v => v == "local")
            && Any("type", v => v == (network.Name == NetworkDefinition.DefaultName ? "builtin" : "custom"))
            && (!filters.TryGetValue("label", out var labels) || labels.All(l =>
                l.Split('=', 2) is var kv && network.Labels.TryGetValue(kv[0], out var value) && (kv.Length == 1 || value == kv[1])));
    }

    public static NetworkResource Resource(NetworkDefinition network, NetworkService networks, IReadOnlyList<ContainerRecord> containers)
    {
        var members = networks.MembersOf(network.Id).ToHashSet(StringComparer.Ordinal);
        var map = new Dictionary<string, NetworkContainerModel>(StringComparer.Ordinal);
        foreach (var container in containers.Where(c => members.Contains(c.Id)))
        {
            var endpoint = container.State.Networks.FirstOrDefault(e => e.NetworkId == network.Id);
            if (endpoint is null) continue;
            map[container.Id] = new NetworkContainerModel(container.Name, ContainerNetworkMapper.EndpointId(container.Id, network.Id),
                endpoint.MacAddress, $"{endpoint.IPAddress}/{endpoint.PrefixLength}", "");
        }
        return new NetworkResource(
            Name: network.Name,
            Id: network.Id,
            Created: DockerTime.Rfc3339Nano(network.Created),
            Scope: "local",
            Driver: network.Driver,
            EnableIPv4: true,
            EnableIPv6: false,
            IPAM: new NetworkIpamModel("default", null, [new IpamConfigModel(network.Subnet.ToString(), network.Gateway.ToString())]),
            Internal: network.Internal,
            Attachable: false,
            Ingress: false,
            ConfigFrom: new NetworkConfigFromModel(""),
            ConfigOnly: false,
            Containers: map,
            Options: new Dictionary<string, string> { ["com.docker.network.bridge.name"] = network.BridgeName },
            Labels: network.Labels);
    }
}
