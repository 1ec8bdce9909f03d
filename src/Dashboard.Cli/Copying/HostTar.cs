using System.Formats.Tar;

namespace Dashboard.Cli.Copying;

/// <summary>
/// The tar `dashctl cp PATH CONTAINER:DIR` uploads: a file as one entry, a directory as itself and everything below it
/// (symlinks as symlinks, never followed), under the name it should get in the container; with contents only ("dir/."),
/// its entries without the directory itself. Owners, modes and mtimes come from the files (the daemon keeps the
/// owners unless -a asks for the container's user).
/// </summary>
public static class HostTar
{
    /// <param name="rootName">The name the source gets; null writes a directory's contents only.</param>
    public static async Task WriteAsync(string source, string? rootName, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new TarWriter(output, TarEntryFormat.Pax, leaveOpen: true);
        var isDirectory = Directory.Exists(source) && (new DirectoryInfo(source).LinkTarget is null || rootName is null || source.EndsWith('/'));
        if (!isDirectory)
        {
            await writer.WriteEntryAsync(source, rootName ?? Path.GetFileName(source), cancellationToken);
            return;
        }
        if (rootName is not null) await writer.WriteEntryAsync(source, rootName + "/", cancellationToken);
        await WriteTreeAsync(writer, source, rootName is null ? "" : rootName + "/", cancellationToken);
    }

    private static async Task WriteTreeAsync(TarWriter writer, string directory, string prefix, CancellationToken cancellationToken)
    {
        foreach (var path in Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal))
        {
            var name = prefix + Path.GetFileName(path);
            var info = new FileInfo(path);
            var isDirectory = info.LinkTarget is null && info.Attributes.HasFlag(FileAttributes.Directory);
            await writer.WriteEntryAsync(path, isDirectory ? name + "/" : name, cancellationToken);
            if (isDirectory) await WriteTreeAsync(writer, path, name + "/", cancellationToken);
        }
    }
}
