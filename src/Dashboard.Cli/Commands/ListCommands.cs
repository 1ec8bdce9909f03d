using System.CommandLine;
using Dashboard.Cli.Formatting;
using Dashboard.Contracts.Containers;
using Dashboard.Contracts.Images;

namespace Dashboard.Cli.Commands;

/// <summary>dashctl ps and images: the docker tables.</summary>
public static class ListCommands
{
    public static IEnumerable<Command> Create(CliContext ctx)
    {
        var all = new Option<bool>("--all", "-a") { Description = "Show all containers (default shows just running)" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Only display IDs" };
        var noTrunc = new Option<bool>("--no-trunc") { Description = "Don't truncate output" };
        var filter = new Option<string[]>("--filter", "-f")
        {
            Description = "Filter output: name=NAME, status=STATUS, label=KEY[=VALUE]",
            Arity = ArgumentArity.OneOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var ps = new Command("ps", "List containers") { all, quiet, noTrunc, filter };
        ps.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var filters = new List<KeyValuePair<string, string>>();
            foreach (var f in p.GetValue(filter) ?? [])
            {
                var eq = f.IndexOf('=');
                if (eq <= 0 || f[..eq] is not ("name" or "status" or "label"))
                    throw new CliException($"invalid filter \"{f}\": use name=..., status=... or label=...");
                filters.Add(new(f[..eq], f[(eq + 1)..]));
            }
            var rows = await client.ListContainersAsync(p.GetValue(all), filters, ct);
            if (p.GetValue(quiet))
                foreach (var c in rows) ctx.Out.WriteLine(p.GetValue(noTrunc) ? c.Id : HumanFormat.ShortId(c.Id));
            else
                ContainerTable(rows, DateTimeOffset.UtcNow, p.GetValue(noTrunc)).WriteTo(ctx.Out);
            return 0;
        }));
        yield return ps;

        var imagesQuiet = new Option<bool>("--quiet", "-q") { Description = "Only show image IDs" };
        var images = new Command("images", "List images") { imagesQuiet };
        images.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var rows = await client.ListImagesAsync(ct);
            if (p.GetValue(imagesQuiet))
                foreach (var i in rows) ctx.Out.WriteLine(HumanFormat.ShortId(i.Id));
            else
                ImageTable(rows, DateTimeOffset.UtcNow).WriteTo(ctx.Out);
            return 0;
        }));
        yield return images;
    }

    public static TableWriter ContainerTable(IEnumerable<ContainerSummaryDto> rows, DateTimeOffset now, bool noTrunc = false)
    {
        var table = new TableWriter("CONTAINER ID", "IMAGE", "COMMAND", "CREATED", "STATUS", "NAMES");
        foreach (var c in rows)
            table.Add(noTrunc ? c.Id : HumanFormat.ShortId(c.Id), c.Image,
                "\"" + (noTrunc ? c.Command : HumanFormat.Ellipsis(c.Command, 20)) + "\"",
                HumanFormat.Ago(c.Created, now), StatusText.For(c, now), c.Name);
        return table;
    }

    public static TableWriter ImageTable(IEnumerable<ImageDto> rows, DateTimeOffset now)
    {
        var table = new TableWriter("REPOSITORY", "TAG", "IMAGE ID", "CREATED", "SIZE");
        foreach (var image in rows)
        {
            var created = HumanFormat.Ago(image.Created, now);
            var size = HumanFormat.Size(image.Size);
            if (image.RepoTags.Count == 0)
                table.Add("<none>", "<none>", HumanFormat.ShortId(image.Id), created, size);
            foreach (var tag in image.RepoTags)
            {
                // The tag follows the last colon after the last slash (a registry port is not a tag).
                var colon = tag.LastIndexOf(':');
                var (repo, name) = colon > tag.LastIndexOf('/') ? (tag[..colon], tag[(colon + 1)..]) : (tag, "<none>");
                table.Add(repo, name, HumanFormat.ShortId(image.Id), created, size);
            }
        }
        return table;
    }
}
