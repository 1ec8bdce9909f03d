using System.CommandLine;
using System.Text.Json;
using Dashboard.Cli.Formatting;
using Dashboard.Contracts;
using Dashboard.Contracts.Namespaces;

namespace Dashboard.Cli.Commands;

/// <summary>dashctl ns [CONTAINER] [--json]: a container's namespaces, or without a container the host-wide map
/// (admin only when talking to the daemon over TCP); dashctl top CONTAINER: its processes, as docker top.</summary>
public static class NamespaceCommands
{
    public static IEnumerable<Command> Create(CliContext ctx)
    {
        var container = new Argument<string?>("CONTAINER")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = "The container to inspect; without one, the map of all running containers' namespaces",
        };
        var json = new Option<bool>("--json") { Description = "Print the report as JSON (the native API's shape)" };
        var ns = new Command("ns", "Show how a running container is isolated: namespaces, processes, network, mounts, IPC, user, cgroup")
        {
            container, json,
        };
        ns.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var reference = p.GetValue(container);
            if (reference is null)
            {
                var map = await client.NamespaceMapAsync(ct);
                if (p.GetValue(json)) ctx.Out.WriteLine(JsonSerializer.Serialize(map, ContractJson.Indented));
                else NamespaceFormat.WriteMap(ctx.Out, map);
                return 0;
            }
            var report = await client.NamespacesAsync(reference, ct);
            if (p.GetValue(json)) ctx.Out.WriteLine(JsonSerializer.Serialize(report, ContractJson.Indented));
            else NamespaceFormat.WriteReport(ctx.Out, report);
            return 0;
        }));
        yield return ns;

        var topContainer = new Argument<string>("CONTAINER") { Description = "The running container" };
        var top = new Command("top", "Display the running processes of a container (ps -ef's columns, host pids)") { topContainer };
        top.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var processes = await client.ProcessesAsync(p.GetValue(topContainer)!, ct);
            var table = new TableWriter([.. PsColumns.Titles]);
            var now = DateTimeOffset.Now;
            foreach (var process in processes) table.Add(PsColumns.Row(process, now));
            table.WriteTo(ctx.Out);
            return 0;
        }));
        yield return top;
    }
}
