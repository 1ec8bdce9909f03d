using System.CommandLine;
using Dashboard.Cli.Client;

namespace Dashboard.Cli.Commands;

/// <summary>dashctl import, load and rmi.</summary>
public static class ImageCommands
{
    public static IEnumerable<Command> Create(CliContext ctx)
    {
        var file = new Argument<string>("FILE") { Description = "A rootfs tarball (optionally gzipped), or - for stdin" };
        var reference = new Argument<string?>("REPOSITORY[:TAG]") { Arity = ArgumentArity.ZeroOrOne };
        var message = new Option<string?>("--message", "-m") { Description = "Set commit message for imported image" };
        var import = new Command("import", "Import the contents from a tarball to create a filesystem image") { file, reference, message };
        import.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            await using var input = Open(p.GetValue(file)!);
            var image = await client.ImportImageAsync(input, p.GetValue(reference), p.GetValue(message), ct);
            ctx.Out.WriteLine(image.Id);
            return 0;
        }));
        yield return import;

        var inputFile = new Option<string?>("--input", "-i") { Description = "Read from tar archive file, instead of STDIN" };
        var load = new Command("load", "Load an image from a tar archive (docker save or OCI layout)") { inputFile };
        load.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            await using var input = Open(p.GetValue(inputFile) ?? "-");
            foreach (var image in await client.LoadImagesAsync(input, ct))
            {
                if (image.RepoTags.Count == 0) ctx.Out.WriteLine($"Loaded image ID: {image.Id}");
                foreach (var tag in image.RepoTags) ctx.Out.WriteLine($"Loaded image: {tag}");
            }
            return 0;
        }));
        yield return load;

        var images = new Argument<string[]>("IMAGE") { Arity = ArgumentArity.OneOrMore };
        var force = new Option<bool>("--force", "-f") { Description = "Force removal of the image" };
        var rmi = new Command("rmi", "Remove one or more images") { images, force };
        rmi.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var exit = 0;
            foreach (var image in p.GetValue(images) ?? [])
            {
                try
                {
                    foreach (var line in await client.RemoveImageAsync(image, p.GetValue(force), ct))
                    {
                        if (line.Untagged is not null) ctx.Out.WriteLine($"Untagged: {line.Untagged}");
                        if (line.Deleted is not null) ctx.Out.WriteLine($"Deleted: {line.Deleted}");
                    }
                }
                catch (ApiException ex)
                {
                    ctx.WriteProblem(ex.Problem);
                    exit = 1;
                }
            }
            return exit;
        }));
        yield return rmi;
    }

    private static Stream Open(string path)
    {
        if (path == "-") return Console.OpenStandardInput();
        if (!File.Exists(path)) throw new CliException($"Error: open {path}: no such file");
        return File.OpenRead(path);
    }
}
