using System.CommandLine;
using System.Text.Json;
using Dashboard.Cli.Client;
using Dashboard.Cli.Formatting;
using Dashboard.Contracts;
using Dashboard.Contracts.Networks;

namespace Dashboard.Cli.Commands;

/// <summary>dashctl network ls, create, inspect, rm, connect and disconnect: docker network's verbs and flags.</summary>
public static class NetworkCommands
{
    public static Command Create(CliContext ctx)
    {
        var network = new Command("network", "Manage networks");

        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only display network IDs" };
        var ls = new Command("ls", "List networks") { quiet };
        ls.Aliases.Add("list");
        ls.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var rows = await client.ListNetworksAsync(ct);
            if (p.GetValue(quiet))
                foreach (var n in rows) ctx.Out.WriteLine(HumanFormat.ShortId(n.Id));
            else
                Table(rows).WriteTo(ctx.Out);
            return 0;
        }));
        network.Subcommands.Add(ls);

        var name = new Argument<string>("NETWORK");
        var subnet = new Option<string?>("--subnet") { Description = "Subnet in CIDR format (default: a free /24 of the engine's pool)" };
        var gateway = new Option<string?>("--gateway") { Description = "IPv4 gateway for the subnet (default: its first address)" };
        var isInternal = new Option<bool>("--internal") { Description = "Restrict external access to the network" };
        var label = new Option<string[]>("--label") { Description = "Set metadata on a network (KEY=VALUE)", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var create = new Command("create", "Create a network") { name, subnet, gateway, isInternal, label };
        create.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var created = await client.CreateNetworkAsync(new NetworkCreateDto
            {
                Name = p.GetValue(name)!,
                Subnet = p.GetValue(subnet),
                Gateway = p.GetValue(gateway),
                Internal = p.GetValue(isInternal),
                Labels = ContainerFlags.Labels(p.GetValue(label) ?? []),
            }, ct);
            ctx.Out.WriteLine(created.Id);
            return 0;
        }));
        network.Subcommands.Add(create);

        var refs = new Argument<string[]>("NETWORK") { Arity = ArgumentArity.OneOrMore };
        var inspect = new Command("inspect", "Display detailed information on one or more networks") { refs };
        inspect.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var found = new List<NetworkDto>();
            var exit = await EachAsync(ctx, p.GetValue(refs) ?? [], async r => found.Add(await client.InspectNetworkAsync(r, ct)));
            ctx.Out.WriteLine(JsonSerializer.Serialize(found, ContractJson.Indented));
            return exit;
        }));
        network.Subcommands.Add(inspect);

        var removed = new Argument<string[]>("NETWORK") { Arity = ArgumentArity.OneOrMore };
        var rm = new Command("rm", "Remove one or more networks") { removed };
        rm.Aliases.Add("remove");
        rm.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, client => EachAsync(ctx, p.GetValue(removed) ?? [], async r =>
        {
            await client.RemoveNetworkAsync(r, ct);
            ctx.Out.WriteLine(r);
        })));
        network.Subcommands.Add(rm);

        var connectNetwork = new Argument<string>("NETWORK");
        var connectContainer = new Argument<string>("CONTAINER");
        var alias = new Option<string[]>("--alias") { Description = "Add network-scoped alias for the container", Arity = ArgumentArity.OneOrMore, AllowMultipleArgumentsPerToken = false };
        var ip = new Option<string?>("--ip") { Description = "IPv4 address (e.g., 10.89.0.10)" };
        var connect = new Command("connect", "Connect a container to a network") { connectNetwork, connectContainer, alias, ip };
        connect.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            await client.ConnectNetworkAsync(p.GetValue(connectNetwork)!, new NetworkConnectDto
            {
                Container = p.GetValue(connectContainer)!,
                Aliases = p.GetValue(alias) is { Length: > 0 } aliases ? aliases : null,
                Ip = p.GetValue(ip),
            }, ct);
            return 0;
        }));
        network.Subcommands.Add(connect);

        var disconnectNetwork = new Argument<string>("NETWORK");
        var disconnectContainer = new Argument<string>("CONTAINER");
        var force = new Option<bool>("--force", "-f") { Description = "Force the container to disconnect from a network" };
        var disconnect = new Command("disconnect", "Disconnect a container from a network") { disconnectNetwork, disconnectContainer, force };
        disconnect.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            await client.DisconnectNetworkAsync(p.GetValue(disconnectNetwork)!,
                new NetworkDisconnectDto { Container = p.GetValue(disconnectContainer)!, Force = p.GetValue(force) }, ct);
            return 0;
        }));
        network.Subcommands.Add(disconnect);
        return network;
    }

    public static TableWriter Table(IEnumerable<NetworkDto> rows)
    {
        var table = new TableWriter("NETWORK ID", "NAME", "DRIVER", "SUBNET", "GATEWAY", "CONTAINERS");
        foreach (var n in rows)
            table.Add(HumanFormat.ShortId(n.Id), n.Name, n.Driver, n.Subnet, n.Gateway, n.Containers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return table;
    }

    /// <summary>Each reference in turn, as docker does: a failure is reported and the rest still done; exit 1 if any failed.</summary>
    private static async Task<int> EachAsync(CliContext ctx, IEnumerable<string> references, Func<string, Task> action)
    {
        var exit = 0;
        foreach (var reference in references)
        {
            try { await action(reference); }
            catch (ApiException ex)
            {
                ctx.WriteProblem(ex.Problem);
                exit = 1;
            }
        }
        return exit;
    }
}
