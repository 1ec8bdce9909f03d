using System.Formats.Tar;
using System.Runtime.InteropServices;

namespace Dashboard.Cli.Copying;

/// <summary>
/// Extracts what `dashctl cp CONTAINER:PATH DEST` receives into a host directory. The archive comes from a container, so
/// it is not trusted: names with ".." are refused, and an entry is only ever written below the destination through real
/// directories (a symlink met on the way, one the archive made or one already there, is refused, never followed).
/// Symlinks are created as they are; hard links must name a file extracted below the destination. Owners are kept only
/// with <paramref name="keepOwners"/> (-a) when running as root; otherwise files belong to whoever runs dashctl, as
/// with docker cp. Device nodes and fifos are skipped with a warning.
/// </summary>
/// <param name="rename">Maps an entry's path components (cleaned) to where it goes under the destination.</param>
public sealed class HostExtractor(string destination, Func<string[], string[]> rename, bool keepOwners, TextWriter warnings)
{
    private readonly List<(string Path, DateTimeOffset Time)> _directoryTimes = [];

    public async Task ExtractAsync(Stream archive, CancellationToken cancellationToken)
    {
        await using var reader = new TarReader(archive, leaveOpen: true);
        while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
            await ExtractEntryAsync(entry, cancellationToken);
        for (var i = _directoryTimes.Count - 1; i >= 0; i--) Directory.SetLastWriteTimeUtc(_directoryTimes[i].Path, _directoryTimes[i].Time.UtcDateTime);
    }

    private async Task ExtractEntryAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        if (entry.EntryType is TarEntryType.GlobalExtendedAttributes) return;
        var parts = rename(Split(entry.Name));
        if (entry.EntryType is TarEntryType.CharacterDevice or TarEntryType.BlockDevice or TarEntryType.Fifo)
        {
            warnings.WriteLine($"dashctl cp: skipping {entry.Name}: device nodes and fifos are not copied out");
            return;
        }
        var parent = Directories(parts.Length == 0 ? [] : parts[..^1], entry.Name);
        if (parts.Length == 0)
        {
            if (entry.EntryType != TarEntryType.Directory) throw new IOException($"refusing to replace the destination with \"{entry.Name}\"");
            return; // the destination itself keeps its own mode
        }
        var path = Path.Combine(parent, parts[^1]);
        var existing = new FileInfo(path);
        var isDirectory = entry.EntryType == TarEntryType.Directory;
        if (existing.Exists || existing.LinkTarget is not null || Directory.Exists(path))
        {
            var existingIsDirectory = existing.LinkTarget is null && Directory.Exists(path);
            if (!(existingIsDirectory && isDirectory))
            {
                if (existingIsDirectory) Directory.Delete(path, recursive: true); // removes symlinks inside, never their targets
                else File.Delete(path);
            }
        }
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                Directory.CreateDirectory(path);
                File.SetUnixFileMode(path, entry.Mode);
                Chown(path, entry);
                _directoryTimes.Add((path, entry.ModificationTime));
                return;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    if (entry.DataStream is { } data) await data.CopyToAsync(file, cancellationToken);
                Chown(path, entry);
                File.SetUnixFileMode(path, entry.Mode);
                File.SetLastWriteTimeUtc(path, entry.ModificationTime.UtcDateTime);
                return;
            case TarEntryType.SymbolicLink:
                File.CreateSymbolicLink(path, entry.LinkName);
                Chown(path, entry);
                return;
            case TarEntryType.HardLink:
                var target = Split(entry.LinkName);
                var renamed = rename(target);
                if (renamed.Length == 0) throw new IOException($"hard link \"{entry.Name}\" points at the destination itself");
                var targetPath = Path.Combine(Directories(renamed[..^1], entry.LinkName), renamed[^1]);
                if (link(targetPath, path) != 0)
                    throw new IOException($"hard link \"{entry.Name}\" to \"{entry.LinkName}\": {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
                return;
            default:
                warnings.WriteLine($"dashctl cp: skipping {entry.Name}: entries of type {entry.EntryType} are not copied out");
                return;
        }
    }

    /// <summary>The directory <paramref name="parts"/> name under the destination, made of real directories only
    /// (created when missing).</summary>
    private string Directories(string[] parts, string entryName)
    {
        var current = destination;
        foreach (var part in parts)
        {
            current = Path.Combine(current, part);
            var info = new DirectoryInfo(current);
            if (info.LinkTarget is not null)
                throw new IOException($"refusing to extract \"{entryName}\" through the symlink {current}");
            if (!info.Exists)
            {
                if (File.Exists(current)) throw new IOException($"cannot extract \"{entryName}\": {current} is not a directory");
                Directory.CreateDirectory(current);
            }
        }
        return current;
    }

    private void Chown(string path, TarEntry entry)
    {
        if (keepOwners && Environment.IsPrivilegedProcess && lchown(path, entry.Uid, entry.Gid) != 0)
            throw new IOException($"lchown {path}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    /// <summary>An entry name as components: "/", "." and empty parts dropped; ".." refused.</summary>
    public static string[] Split(string name)
    {
        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        if (parts.Contains("..")) throw new IOException($"refusing the entry \"{name}\": \"..\" would leave the destination");
        return parts;
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int link(string oldPath, string newPath);

    [DllImport("libc", SetLastError = true)]
    private static extern int lchown(string path, int uid, int gid);
}
