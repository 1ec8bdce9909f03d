using System.Formats.Tar;
using Dashboard.Engine.Interop;

#pragma warning disable CA1416 // the engine runs on Linux only

namespace Dashboard.Engine.Images;

/// <summary>What unpacking one layer produced.</summary>
internal sealed record LayerExtractResult(string DiffId, long Size);

/// <summary>
/// Unpacks one layer tar (plain, gzip or zstd) into an empty directory, entry by entry with <see cref="TarReader"/>,
/// never writing outside it (see <see cref="SafePath"/>), turning whiteouts into overlay whiteouts, and computing
/// the diff id (sha256 of the uncompressed tar) as it reads. Every uncompressed byte and entry is counted against the
/// image's <see cref="UnpackBudget"/>, which stops the reading at its limit; user.* and security.capability xattrs are
/// applied (see <see cref="LayerXattrs"/>). Any unsafe or malformed entry throws <see cref="InvalidArchiveException"/>,
/// a limit <see cref="ImageLimitExceededException"/>; the caller deletes the half-filled directory.
/// </summary>
internal static class LayerExtractor
{
    private const string WhiteoutPrefix = ".wh.";
    private const string OpaqueMarker = ".wh..wh..opq";
    private static readonly bool IsRoot = Environment.IsPrivilegedProcess;

    public static LayerExtractResult Extract(Stream layer, string root, UnpackBudget? budget = null)
    {
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException(root);
        var uncompressed = ArchiveStreams.OpenDecompressed(layer);
        using var hashing = new HashingStream(budget is null ? uncompressed : new CountingStream(uncompressed, budget.Read));
        var tap = new TarHeaderTap(hashing);
        var directoryTimes = new List<(string Path, DateTimeOffset Time)>();
        long size = 0;
        try
        {
            using var reader = new TarReader(tap, leaveOpen: true);
            while (reader.GetNextEntry() is { } entry)
            {
                budget?.Entry();
                size += ExtractEntry(entry, root, directoryTimes, tap.Records, budget);
            }
            var diffId = hashing.Finish();
            // Children change their parent's mtime, so directories get theirs last, deepest first.
            for (var i = directoryTimes.Count - 1; i >= 0; i--) SetTime(directoryTimes[i].Path, directoryTimes[i].Time);
            return new LayerExtractResult(diffId, size);
        }
        catch (Exception e) when (uncompressed is ZstdSharp.DecompressionStream
            && e is ZstdSharp.ZstdException or InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidArchiveException($"the archive is not a valid zstd-compressed tar stream: {e.Message}");
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidArchiveException($"the archive is not a valid tar (or gzip) stream: {e.Message}");
        }
    }

    private static long ExtractEntry(TarEntry entry, string root, List<(string, DateTimeOffset)> directoryTimes,
        IReadOnlyDictionary<string, byte[]> paxRecords, UnpackBudget? budget)
    {
        var parts = SafePath.SplitEntryName(entry.Name);
        if (parts.Length == 0)
        {
            if (entry.EntryType != TarEntryType.Directory)
                throw new InvalidArchiveException($"entry \"{entry.Name}\" ({entry.EntryType}) would replace the layer root");
            ApplyMetadata(root, entry, chmod: true);
            LayerXattrs.Apply(root, entry.Name, paxRecords);
            directoryTimes.Add((root, entry.ModificationTime));
            return 0;
        }
        var name = parts[^1];
        var parent = SafePath.ResolveDirectory(root, parts[..^1], create: true);
        if (name.StartsWith(WhiteoutPrefix, StringComparison.Ordinal))
        {
            ApplyWhiteout(entry.Name, parent, name);
            return 0;
        }
        var path = Path.Combine(parent, name);
        var existing = SafePath.Kind(path);
        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                if (existing != PathKind.Directory)
                {
                    RemoveExisting(path, existing);
                    Directory.CreateDirectory(path);
                }
                ApplyMetadata(path, entry, chmod: true);
                LayerXattrs.Apply(path, entry.Name, paxRecords);
                directoryTimes.Add((path, entry.ModificationTime));
                return 0;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                budget?.File(entry.Length);
                RemoveExisting(path, existing);
                // CreateNew is O_CREAT|O_EXCL: it never opens through a symlink planted at the path.
                using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                    entry.DataStream?.CopyTo(file);
                ApplyMetadata(path, entry, chmod: true);
                LayerXattrs.Apply(path, entry.Name, paxRecords);
                return entry.Length;
            case TarEntryType.SymbolicLink:
                if (string.IsNullOrEmpty(entry.LinkName))
                    throw new InvalidArchiveException($"symlink \"{entry.Name}\" has an empty target");
                RemoveExisting(path, existing);
                // Stored verbatim: absolute targets are normal in images and only mean something inside the container.
                File.CreateSymbolicLink(path, entry.LinkName);
                ApplyMetadata(path, entry, chmod: false);
                return 0;
            case TarEntryType.HardLink:
                var target = SafePath.ResolveExisting(root, entry.LinkName);
                if (target == path) return 0;
                RemoveExisting(path, existing);
                LibC.ThrowIfError(LibC.Link(target, path), "link", path);
                return 0;
            case TarEntryType.Fifo:
                RemoveExisting(path, existing);
                LibC.ThrowIfError(LibC.Mknod(path, LibC.S_IFIFO | (uint)entry.Mode, 0), "mknod", path);
                ApplyMetadata(path, entry, chmod: true);
                return 0;
            default:
                // Device nodes (the runtime makes /dev), PAX globals, sparse files and tape headers are not unpacked.
                return 0;
        }
    }

    private static void ApplyWhiteout(string entryName, string parent, string name)
    {
        if (name == OpaqueMarker)
        {
            var value = "y"u8.ToArray();
            LibC.ThrowIfError(LibC.LSetXattr(parent, "trusted.overlay.opaque", value, (nuint)value.Length, 0), "setxattr", parent);
            return;
        }
        if (name.StartsWith(WhiteoutPrefix + WhiteoutPrefix, StringComparison.Ordinal)) return; // aufs metadata (.wh..wh.plnk)
        var hidden = name[WhiteoutPrefix.Length..];
        if (hidden is "" or "." or "..")
            throw new InvalidArchiveException($"invalid whiteout entry \"{entryName}\"");
        var path = Path.Combine(parent, hidden);
        RemoveExisting(path, SafePath.Kind(path));
        // overlayfs represents a deleted lower file as a 0:0 character device in the upper layer.
        LibC.ThrowIfError(LibC.Mknod(path, LibC.S_IFCHR, 0), "mknod", path);
        LibC.ThrowIfError(LibC.LChown(path, 0, 0), "lchown", path);
    }

    private static void RemoveExisting(string path, PathKind kind)
    {
        switch (kind)
        {
            case PathKind.None: return;
            // Recursive delete unlinks symlinks instead of descending into them.
            case PathKind.Directory: Directory.Delete(path, recursive: true); return;
            default: File.Delete(path); return;
        }
    }

    private static void ApplyMetadata(string path, TarEntry entry, bool chmod)
    {
        if (LibC.LChown(path, entry.Uid, entry.Gid) == -1 && IsRoot)
            LibC.ThrowIfError(-1, "lchown", path);
        // chown clears set-uid bits, so the mode comes after it.
        if (chmod) File.SetUnixFileMode(path, entry.Mode);
        if (entry.EntryType != TarEntryType.Directory) SetTime(path, entry.ModificationTime);
    }

    private static void SetTime(string path, DateTimeOffset time)
    {
        var ticks = time.ToUnixTimeMilliseconds();
        var spec = new LibC.Timespec { Seconds = Math.DivRem(ticks, 1000, out var ms), Nanoseconds = ms * 1_000_000 };
        if (spec.Nanoseconds < 0) { spec.Seconds -= 1; spec.Nanoseconds += 1_000_000_000; }
        LibC.ThrowIfError(LibC.UtimensAt(LibC.AT_FDCWD, path, [spec, spec], LibC.AT_SYMLINK_NOFOLLOW), "utimensat", path);
    }
}
