using System.Formats.Tar;

namespace Dashboard.Engine.Images;

/// <summary>
/// An uncompressed outer archive (docker save or OCI layout) spooled to a file, with an index of its entries so
/// blobs can be read in any order by offset. Entry names are compared after lexical cleaning ("./a" is "a");
/// symlinks and hard links between entries (older docker save archives link repeated layers) are followed,
/// but only to other entries of the archive.
/// </summary>
internal sealed class SpooledArchive
{
    private readonly string _path;
    private readonly Dictionary<string, (long Offset, long Length)> _files = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _links = new(StringComparer.Ordinal);

    private SpooledArchive(string path) => _path = path;

    /// <summary>Indexes the tar at <paramref name="path"/>. Throws <see cref="InvalidArchiveException"/> when it is not a tar.</summary>
    public static SpooledArchive Open(string path)
    {
        var archive = new SpooledArchive(path);
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            using var reader = new TarReader(file);
            while (reader.GetNextEntry(copyData: false) is { } entry)
            {
                var name = Clean(entry.Name);
                switch (entry.EntryType)
                {
                    case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                        archive._files[name] = (entry.DataOffset, entry.Length);
                        break;
                    case TarEntryType.SymbolicLink:
                        var dir = name.Contains('/') ? name[..name.LastIndexOf('/')] : "";
                        archive._links[name] = Clean(entry.LinkName.StartsWith('/') ? entry.LinkName : dir + "/" + entry.LinkName);
                        break;
                    case TarEntryType.HardLink:
                        archive._links[name] = Clean(entry.LinkName);
                        break;
                }
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidArchiveException($"the archive is not a valid tar (or gzip) stream: {e.Message}");
        }
        return archive;
    }

    public bool Contains(string name) => Resolve(name) is not null;

    /// <summary>Opens one entry's content. Throws <see cref="InvalidArchiveException"/> when it is missing.</summary>
    public Stream OpenEntry(string name)
    {
        var (offset, length) = Resolve(name) ?? throw new InvalidArchiveException($"the archive has no file \"{name}\"");
        var file = new FileStream(_path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return new SubStream(file, offset, length);
    }

    /// <summary>Reads a small JSON entry; refuses anything over <paramref name="maxBytes"/> (metadata, not layers).</summary>
    public byte[] ReadSmall(string name, long maxBytes = 8 * 1024 * 1024)
    {
        var (_, length) = Resolve(name) ?? throw new InvalidArchiveException($"the archive has no file \"{name}\"");
        if (length > maxBytes) throw new InvalidArchiveException($"\"{name}\" is {length} bytes, more than the {maxBytes} allowed for metadata");
        using var stream = OpenEntry(name);
        using var buffer = new MemoryStream((int)length);
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    private (long, long)? Resolve(string name)
    {
        var current = Clean(name);
        for (var hops = 0; hops < 16; hops++)
        {
            if (_files.TryGetValue(current, out var found)) return found;
            if (!_links.TryGetValue(current, out var next)) return null;
            current = next;
        }
        return null;
    }

    /// <summary>Lexically cleans an archive-internal name: no leading "/" or "./", "." dropped, ".." pops.</summary>
    public static string Clean(string name)
    {
        var parts = new List<string>();
        foreach (var part in name.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == ".") continue;
            if (part == "..") { if (parts.Count > 0) parts.RemoveAt(parts.Count - 1); continue; }
            parts.Add(part);
        }
        return string.Join('/', parts);
    }
}
