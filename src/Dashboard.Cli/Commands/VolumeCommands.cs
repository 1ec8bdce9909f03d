using System.CommandLine;
using System.Text.Json;
using Dashboard.Cli.Client;
using Dashboard.Contracts;
using Dashboard.Contracts.Volumes;

namespace Dashboard.Cli.Commands;

/// <summary>dashctl volume ls, create, inspect, rm and prune (docker volume's words and output).</summary>
public static class VolumeCommands
{
    public static Command Create(CliContext ctx)
    {
        var volume = new Command("volume", "Manage volumes");

        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only display volume names" };
        var ls = new Command("ls", "List volumes") { quiet };
        ls.Aliases.Add("list");
        ls.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var volumes = await client.ListVolumesAsync(ct);
            if (p.GetValue(quiet))
            {
                foreach (var v in volumes) ctx.Out.WriteLine(v.Name);
                return 0;
            }
            ctx.Out.WriteLine($"{"DRIVER",-10}{"VOLUME NAME",-66}IN USE BY");
            foreach (var v in volumes)
                ctx.Out.WriteLine($"{v.Driver,-10}{v.Name,-66}{string.Join(", ", v.UsedBy.Select(u => u.ContainerName).Distinct())}");
            return 0;
        }));
        volume.Subcommands.Add(ls);

        var name = new Argument<string?>("VOLUME") { Arity = ArgumentArity.ZeroOrOne };
        var labels = new Option<string[]>("--label") { Description = "Set metadata for a volume (KEY=VALUE)", AllowMultipleArgumentsPerToken = false };
        var create = new Command("create", "Create a volume") { name, labels };
        create.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var map = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var label in p.GetValue(labels) ?? [])
            {
                var eq = label.IndexOf('=');
                map[eq < 0 ? label : label[..eq]] = eq < 0 ? "" : label[(eq + 1)..];
            }
            var created = await client.CreateVolumeAsync(new VolumeCreateDto { Name = p.GetValue(name), Labels = map }, ct);
            ctx.Out.WriteLine(created.Name);
            return 0;
        }));
        volume.Subcommands.Add(create);

        var names = new Argument<string[]>("VOLUME") { Arity = ArgumentArity.OneOrMore };
        var inspect = new Command("inspect", "Display detailed information on one or more volumes") { names };
        inspect.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var found = new List<VolumeDto>();
            foreach (var n in p.GetValue(names) ?? []) found.Add(await client.InspectVolumeAsync(n, ct));
            ctx.Out.WriteLine(JsonSerializer.Serialize(found, ContractJson.Indented));
            return 0;
        }));
        volume.Subcommands.Add(inspect);

        var force = new Option<bool>("--force", "-f") { Description = "Do not fail when a volume does not exist" };
        var rm = new Command("rm", "Remove one or more volumes (never one in use)") { names, force };
        rm.Aliases.Add("remove");
        rm.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var exit = 0;
            foreach (var n in p.GetValue(names) ?? [])
            {
                try
                {
                    await client.RemoveVolumeAsync(n, p.GetValue(force), ct);
                    ctx.Out.WriteLine(n);
                }
                catch (ApiException ex)
                {
                    ctx.WriteProblem(ex.Problem);
                    exit = 1;
                }
            }
            return exit;
        }));
        volume.Subcommands.Add(rm);

        var all = new Option<bool>("--all", "-a") { Description = "Remove all unused volumes, not just anonymous ones" };
        var prune = new Command("prune", "Remove unused volumes (anonymous ones unless --all)") { all };
        prune.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var result = await client.PruneVolumesAsync(p.GetValue(all), ct);
            if (result.Deleted.Count > 0)
            {
                ctx.Out.WriteLine("Deleted Volumes:");
                foreach (var n in result.Deleted) ctx.Out.WriteLine(n);
                ctx.Out.WriteLine();
            }
            ctx.Out.WriteLine($"Total reclaimed space: {result.SpaceReclaimed} B");
            return 0;
        }));
        volume.Subcommands.Add(prune);
        return volume;
    }
}
