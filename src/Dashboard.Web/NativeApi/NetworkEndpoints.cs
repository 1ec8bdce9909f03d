using Dashboard.Contracts;
using Dashboard.Contracts.Networks;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Networking;
using Dashboard.Web.Access;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.NativeApi;

/// <summary>/api/networks: list, inspect, create, remove, prune, and connect/disconnect of a container (dashctl network).
/// Reads are a viewer's; changes an operator's, each audited.</summary>
internal static class NetworkEndpoints
{
    public static void MapNetworkEndpoints(this RouteGroupBuilder api)
    {
        var read = api.MapGroup("/networks").RequireRole(Roles.Viewer);
        var act = api.MapGroup("/networks").RequireRole(Roles.Operator);
        read.MapGet("", (HttpContext ctx, IContainerEngine engine) =>
        {
            // Without a network backend there are none to list.
            if (Available(ctx) is not { } networks) return ContainerEndpoints.Json(Array.Empty<NetworkDto>());
            var containers = engine.List();
            return ContainerEndpoints.Json(networks.List().Select(n => ToDto(n, networks, containers)).ToArray());
        });
        read.MapGet("/{reference}", (string reference, HttpContext ctx, IContainerEngine engine) =>
        {
            var networks = Available(ctx) ?? throw new NetworkNotFoundException(reference);
            return ContainerEndpoints.Json(ToDto(networks.Resolve(reference), networks, engine.List()));
        });
        act.MapPost("", async (HttpContext ctx, IContainerEngine engine) =>
        {
            var dto = await ContainerEndpoints.ReadBodyAsync<NetworkCreateDto>(ctx);
            var networks = Required(ctx);
            var network = await networks.CreateAsync(new NetworkCreateRequest
            {
                Name = dto.Name,
                Subnet = dto.Subnet,
                Gateway = dto.Gateway,
                Internal = dto.Internal,
                Labels = dto.Labels ?? new Dictionary<string, string>(),
            }, ctx.RequestAborted);
            return Results.Json(ToDto(network, networks, engine.List()), ContractJson.Options, statusCode: StatusCodes.Status201Created);
        }).Audited("network.create", AuditTarget.Query("name"));
        act.MapDelete("/{reference}", async (string reference, HttpContext ctx) =>
        {
            await Required(ctx).RemoveAsync(reference, ctx.RequestAborted);
            return Results.NoContent();
        }).Audited("network.remove", Reference);
        act.MapPost("/prune", async (HttpContext ctx) =>
        {
            var removed = await Required(ctx).PruneAsync(_ => false, ctx.RequestAborted);
            return ContainerEndpoints.Json(removed.Select(n => n.Name).ToArray());
        }).Audited("network.prune");
        act.MapPost("/{reference}/connect", async (string reference, HttpContext ctx, IContainerEngine engine) =>
        {
            var dto = await ContainerEndpoints.ReadBodyAsync<NetworkConnectDto>(ctx);
            _ = Required(ctx);
            await engine.ConnectNetworkAsync(dto.Container, reference, dto.Aliases, dto.Ip, ctx.RequestAborted);
            return Results.NoContent();
        }).Audited("network.connect", Reference);
        act.MapPost("/{reference}/disconnect", async (string reference, HttpContext ctx, IContainerEngine engine) =>
        {
            var dto = await ContainerEndpoints.ReadBodyAsync<NetworkDisconnectDto>(ctx);
            _ = Required(ctx);
            await engine.DisconnectNetworkAsync(dto.Container, reference, dto.Force, ctx.RequestAborted);
            return Results.NoContent();
        }).Audited("network.disconnect", Reference);
    }

    private static readonly AuditTarget Reference = AuditTarget.Route("reference");

    private static NetworkService? Available(HttpContext ctx) => ctx.RequestServices.GetService<EngineHolder>()?.Current?.Networks;

    /// <summary>The engine's networks, or a 409 that says why there are none (no netavark on this host).</summary>
    private static NetworkService Required(HttpContext ctx) => Available(ctx)
        ?? throw new NetworkingUnavailableException(ctx.RequestServices.GetService<EngineHolder>()?.Current?.NetworksUnavailableReason
            ?? "the engine has no network backend");

    public static NetworkDto ToDto(NetworkDefinition network, NetworkService networks, IReadOnlyList<ContainerRecord> containers)
    {
        var members = networks.MembersOf(network.Id).ToHashSet(StringComparer.Ordinal);
        return new NetworkDto
        {
            Id = network.Id,
            Name = network.Name,
            Driver = network.Driver,
            Bridge = network.BridgeName,
            Subnet = network.Subnet.ToString(),
            Gateway = network.Gateway.ToString(),
            Internal = network.Internal,
            DnsEnabled = network.DnsEnabled,
            Labels = network.Labels,
            Created = network.Created,
            Containers = containers.Where(c => members.Contains(c.Id))
                .Select(c => (c, e: c.State.Networks.FirstOrDefault(e => e.NetworkId == network.Id)))
                .Where(x => x.e is not null)
                .Select(x => new NetworkMemberDto(x.c.Id, x.c.Name, x.e!.IPAddress, x.e.MacAddress)).ToArray(),
        };
    }
}
