using System.CommandLine;
using System.IO.Pipelines;
using Dashboard.Cli.Client;
using Dashboard.Cli.Copying;
using Dashboard.Contracts.Containers;

namespace Dashboard.Cli.Commands;

/// <summary>
/// dashctl cp, as docker cp: CONTAINER:SRC DEST copies out, SRC CONTAINER:DEST copies in, "-" is a tar on stdout or
/// stdin. A directory lands as DEST when DEST does not exist and inside it when it does; "dir/." copies the contents;
/// -L follows a symlink given as the source; -a keeps owners (in: the container's user, as docker's copyUIDGID; out:
/// the archive's, when run as root). Built on /api/containers/{ref}/archive.
/// </summary>
public static class CopyCommand
{
    public static Command Create(CliContext ctx)
    {
        var source = new Argument<string>("SRC_PATH") { Description = "CONTAINER:SRC_PATH, a local path, or - (a tar on stdin)" };
        var destination = new Argument<string>("DEST_PATH") { Description = "CONTAINER:DEST_PATH, a local path, or - (a tar on stdout)" };
        var archive = new Option<bool>("--archive", "-a") { Description = "Archive mode (copy all uid/gid information)" };
        var follow = new Option<bool>("--follow-link", "-L") { Description = "Always follow symbol link in SRC_PATH" };
        var command = new Command("cp", "Copy files/folders between a container and the local filesystem") { source, destination, archive, follow };
        command.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var from = CopyArgument.Parse(p.GetValue(source)!);
            var to = CopyArgument.Parse(p.GetValue(destination)!);
            if (from.IsContainer == to.IsContainer)
                throw new CliException(from.IsContainer ? "Error: copying between containers is not supported" : "Error: must specify at least one container source");
            if (from.IsContainer) await CopyOutAsync(ctx, client, from, to.Path, p.GetValue(archive), p.GetValue(follow), ct);
            else await CopyInAsync(ctx, client, from.Path, to, p.GetValue(archive), p.GetValue(follow), ct);
            return 0;
        }));
        return command;
    }

    private static async Task CopyOutAsync(CliContext ctx, DashboardClient client, CopyArgument from, string destination, bool archive, bool follow, CancellationToken ct)
    {
        var container = from.Container!;
        await client.InspectContainerAsync(container, ct); // "No such container" before anything else
        var path = from.Path;
        string? rebase = null;
        if (follow && await client.StatPathAsync(container, path, ct) is { Type: PathStatDto.Symlink } link)
        {
            rebase = CopyArgument.BaseName(path);
            path = link.LinkTarget;
        }
        var (stat, response) = await client.GetArchiveAsync(container, path, ct);
        using (response)
        {
            await using var tar = await response.Content.ReadAsStreamAsync(ct);
            if (destination == "-")
            {
                await tar.CopyToAsync(ctx.BinaryOut, ct);
                await ctx.BinaryOut.FlushAsync(ct);
                return;
            }
            var isDirectory = stat.Type == PathStatDto.Directory;
            var target = new FileInfo(destination);
            var existsAsDirectory = target.LinkTarget is null ? Directory.Exists(destination) : Directory.Exists(destination + "/");
            string into;
            Func<string[], string[]> rename;
            if (existsAsDirectory)
            {
                into = destination;
                rename = rebase is null ? parts => parts : parts => Rename(parts, rebase);
            }
            else
            {
                if (destination.EndsWith('/')) throw new CliException($"Error: destination directory \"{destination}\" does not exist");
                if (target.Exists && isDirectory) throw new CliException($"Error: cannot copy a directory to the file \"{destination}\"");
                into = Path.GetDirectoryName(Path.GetFullPath(destination))!;
                if (!Directory.Exists(into)) throw new CliException($"Error: the directory \"{into}\" of \"{destination}\" does not exist");
                var name = Path.GetFileName(Path.GetFullPath(destination));
                rename = parts => Rename(parts, name);
            }
            await new HostExtractor(into, rename, archive, ctx.Err).ExtractAsync(tar, ct);
        }
    }

    /// <summary>The archive's top name becomes <paramref name="name"/>; an archive of contents ("dir/.", whose top entry
    /// is the directory itself, "./") goes under it.</summary>
    private static string[] Rename(string[] parts, string name) => parts.Length == 0 ? [name] : [name, .. parts[1..]];

    private static async Task CopyInAsync(CliContext ctx, DashboardClient client, string source, CopyArgument to, bool archive, bool follow, CancellationToken ct)
    {
        var container = to.Container!;
        await client.InspectContainerAsync(container, ct);
        var destination = to.Path.Length == 0 ? "/" : to.Path;
        var stat = await client.StatPathAsync(container, destination, ct);
        if (stat is { Type: PathStatDto.Symlink })
        {
            destination = stat.LinkTarget;
            stat = await client.StatPathAsync(container, destination, ct);
        }
        if (source == "-")
        {
            if (stat is not { Type: PathStatDto.Directory })
                throw new CliException($"Error: destination \"{container}:{to.Path}\" must be a directory");
            await client.PutArchiveAsync(container, destination, ctx.Input, noOverwriteDirNonDir: true, archive, ct);
            return;
        }

        var local = new FileInfo(source.TrimEnd('/').Length == 0 ? "/" : source.TrimEnd('/'));
        if (!local.Exists && !Directory.Exists(local.FullName) && local.LinkTarget is null)
            throw new CliException($"Error: stat {source}: no such file or directory");
        if (follow && local.LinkTarget is not null) source = local.ResolveLinkTarget(returnFinalTarget: true)!.FullName;
        var contents = CopyArgument.MeansContents(source);
        var sourceIsDirectory = Directory.Exists(source) && (contents || source.EndsWith('/') || new DirectoryInfo(source).LinkTarget is null);

        string into, name;
        if (stat is { Type: PathStatDto.Directory })
        {
            into = destination;
            name = CopyArgument.BaseName(source);
        }
        else if (stat is null)
        {
            if (to.Path.EndsWith('/')) throw new CliException($"Error: destination directory \"{container}:{to.Path}\" does not exist");
            into = CopyArgument.ParentOf(destination);
            name = CopyArgument.BaseName(destination);
            contents = false; // the directory itself, under its new name
        }
        else
        {
            if (sourceIsDirectory) throw new CliException($"Error: cannot copy a directory to the file \"{container}:{to.Path}\"");
            into = CopyArgument.ParentOf(destination);
            name = CopyArgument.BaseName(destination);
        }

        // The tar is written into a pipe while the request sends it: nothing is buffered whole.
        var pipe = new Pipe();
        var writing = Task.Run(async () =>
        {
            await using var writer = pipe.Writer.AsStream();
            try { await HostTar.WriteAsync(contents ? source.TrimEnd('/') : source, contents ? null : name, writer, ct); }
            catch (Exception ex) { await pipe.Writer.CompleteAsync(ex); throw; }
        }, ct);
        await using (var reader = pipe.Reader.AsStream())
        {
            try
            {
                await client.PutArchiveAsync(container, into, reader, noOverwriteDirNonDir: true, archive, ct);
            }
            finally
            {
                await pipe.Reader.CompleteAsync();
            }
        }
        await writing;
    }
}
