using System.IO.Compression;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Images;

// Import and load: spool the upload, unpack new layers into tmp/ and move them into place, then record the images.
// On any failure (a limit included) the layers this operation added and no image references are deleted again,
// tmp/ work is removed, and no image is recorded. Limits: see ImageLimits.
public sealed partial class ImageService
{
    public Task<ImageRecord> ImportAsync(Stream tarball, string? reference, string? message, CancellationToken cancellationToken) =>
        ImportCoreAsync(tarball, reference, message, new ImageConfig(), "dashboard import", cancellationToken);

    /// <param name="freeSpaceReserve">Free space the import must leave; null for Engine:ImageFreeSpaceReserve.</param>
    private async Task<ImageRecord> ImportCoreAsync(Stream tarball, string? reference, string? message, ImageConfig config,
        string createdBy, CancellationToken cancellationToken, long? freeSpaceReserve = null)
    {
        var tag = ParseTag(reference, "repository");
        var work = _store.NewTempDirectory();
        var added = new List<string>();
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var space = NewFreeSpaceGuard(freeSpaceReserve);
            var spool = await SpoolAsync(tarball, work, space, cancellationToken);
            var layer = await Task.Run(() =>
            {
                using var source = File.OpenRead(spool);
                return UnpackLayer(source, expectedDiffId: null, added, new UnpackBudget(_limits, space));
            }, cancellationToken);
            var configBytes = ImageConfigJson.Write(config, [layer], DateTimeOffset.UtcNow, createdBy, message);
            var image = Register(configBytes, ImageConfigJson.Parse(configBytes, "import"), tag is null ? [] : [tag]);
            _logger.LogInformation("Imported image {Id} {Tag}", image.ShortId, tag ?? "<none>");
            return image;
        }
        catch
        {
            DropUnreferencedLayers(added);
            throw;
        }
        finally
        {
            ImageStore.DeleteTree(work);
            _writeGate.Release();
        }
    }

    public async Task<IReadOnlyList<ImageRecord>> LoadAsync(Stream archive, CancellationToken cancellationToken)
    {
        var work = _store.NewTempDirectory();
        var added = new List<string>();
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var space = NewFreeSpaceGuard();
            var spool = await SpoolAsync(archive, work, space, cancellationToken);
            return await Task.Run(() => LoadSpooled(spool, work, space, added, cancellationToken), cancellationToken);
        }
        catch
        {
            DropUnreferencedLayers(added);
            throw;
        }
        finally
        {
            ImageStore.DeleteTree(work);
            _writeGate.Release();
        }
    }

    private IReadOnlyList<ImageRecord> LoadSpooled(
        string spool, string work, FreeSpaceGuard space, List<string> added, CancellationToken cancellationToken)
    {
        var archive = SpooledArchive.Open(Uncompressed(spool, work, space));
        var planned = ArchiveManifest.Read(archive);
        // Parse everything before unpacking anything, so a bad tag or config fails fast and leaves nothing behind.
        var parsed = planned.Select(p =>
        {
            var bytes = archive.ReadSmall(p.ConfigEntry);
            var digest = "sha256:" + ArchiveStreams.HexDigest(bytes);
            if (p.ConfigDigest is not null && p.ConfigDigest != digest)
                throw new InvalidArchiveException($"config {p.ConfigEntry} does not match its digest {p.ConfigDigest}");
            var config = ImageConfigJson.Parse(bytes, p.ConfigEntry);
            if (config.DiffIds.Count != p.LayerEntries.Count)
                throw new InvalidArchiveException($"image {p.ConfigEntry} lists {p.LayerEntries.Count} layers but its config has {config.DiffIds.Count} diff ids");
            var tags = p.Tags.Select(t => ParseTag(t, "RepoTags")!).ToList();
            return (Plan: p, Bytes: bytes, Config: config, Tags: tags);
        }).ToList();

        foreach (var (plan, _, config, _) in parsed)
        {
            var budget = new UnpackBudget(_limits, space);
            for (var i = 0; i < plan.LayerEntries.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (_store.HasLayer(config.DiffIds[i])) continue;
                using var layer = archive.OpenEntry(plan.LayerEntries[i]);
                UnpackLayer(layer, config.DiffIds[i], added, budget);
            }
        }
        // Recorded only once every layer of every image is in: a limit hit by the last image leaves no image behind.
        var images = new List<ImageRecord>();
        foreach (var (_, bytes, config, tags) in parsed)
        {
            var image = Register(bytes, config, tags);
            _logger.LogInformation("Loaded image {Id} {Tags}", image.ShortId, string.Join(", ", tags));
            images.Add(image);
        }
        return images;
    }

    /// <summary>The spooled archive as a plain tar. A whole-archive gzip (docker save | gzip) is expanded next to it,
    /// counted against the upload limit and the free-space reserve; a plain tar is used where it lies.</summary>
    private string Uncompressed(string spool, string work, FreeSpaceGuard space)
    {
        var plain = Path.Combine(work, "archive.tar");
        using (var input = File.OpenRead(spool))
        using (var decompressed = ArchiveStreams.OpenDecompressed(input))
        {
            if (decompressed is not GZipStream) return spool;
            long total = 0;
            using var counted = new CountingStream(decompressed, n =>
            {
                total += n;
                if (_limits.MaxUploadBytes > 0 && total > _limits.MaxUploadBytes) throw _limits.UploadTooLarge(decompressed: true);
                space.Writing(n);
            });
            using var output = File.Create(plain);
            try { counted.CopyTo(output); }
            catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
            {
                throw new InvalidArchiveException($"the archive is not a valid gzip stream: {e.Message}");
            }
        }
        File.Delete(spool);
        return plain;
    }

    /// <summary>Unpacks one layer into tmp/, checks its diff id, and moves it to layers/ unless it is already there.</summary>
    private string UnpackLayer(Stream source, string? expectedDiffId, List<string> added, UnpackBudget budget)
    {
        var work = _store.NewTempDirectory();
        try
        {
            var diff = Path.Combine(work, "diff");
            Directory.CreateDirectory(diff);
            var result = LayerExtractor.Extract(source, diff, budget);
            if (expectedDiffId is not null && result.DiffId != expectedDiffId)
                throw new InvalidArchiveException($"layer content does not match its diff id: expected {expectedDiffId}, got {result.DiffId}");
            if (_store.CommitLayer(work, result.DiffId, result.Size)) added.Add(result.DiffId);
            return result.DiffId;
        }
        finally
        {
            ImageStore.DeleteTree(work);
        }
    }

    private ImageRecord Register(byte[] configBytes, ParsedImageConfig config, IReadOnlyList<string> tags)
    {
        var id = "sha256:" + ArchiveStreams.HexDigest(configBytes);
        lock (_lock)
        {
            if (!_images.TryGetValue(id, out var image))
            {
                image = new ImageRecord
                {
                    Id = id,
                    Layers = config.DiffIds,
                    Config = config.Config,
                    Created = config.Created,
                    Size = config.DiffIds.Distinct().Sum(_store.LayerSize),
                    Architecture = config.Architecture,
                    Os = config.Os,
                    Comment = config.Comment,
                };
                _store.WriteImage(image);
                _images[id] = image;
            }
            if (tags.Count > 0)
            {
                // A tag moves to the new image; the old one stays, untagged, like Docker's dangling images.
                foreach (var tag in tags) _tags[tag] = id;
                _store.WriteRepositories(_tags);
            }
            return WithTags(image);
        }
    }

    private void DropUnreferencedLayers(IEnumerable<string> diffIds)
    {
        foreach (var diffId in diffIds)
        {
            bool used;
            lock (_lock) used = _images.Values.Any(i => i.Layers.Contains(diffId));
            if (used) continue;
            try { _store.DeleteLayer(diffId); }
            catch (Exception e) { _logger.LogWarning(e, "Could not delete layer {Layer} after a failed import", diffId); }
        }
    }

    private FreeSpaceGuard NewFreeSpaceGuard(long? reserve = null) =>
        new(reserve is { } bytes ? _limits with { FreeSpaceReserveBytes = bytes } : _limits, _store.Root, AvailableBytes);

    /// <summary>Copies the upload to tmp/, stopping at the upload limit or the free-space reserve before writing the
    /// chunk that crosses it.</summary>
    private async Task<string> SpoolAsync(Stream input, string work, FreeSpaceGuard space, CancellationToken cancellationToken)
    {
        space.Check();
        var path = Path.Combine(work, "upload");
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
        var buffer = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += n;
            if (_limits.MaxUploadBytes > 0 && total > _limits.MaxUploadBytes) throw _limits.UploadTooLarge(decompressed: false);
            space.Writing(n);
            await file.WriteAsync(buffer.AsMemory(0, n), cancellationToken);
        }
        return path;
    }

    /// <summary>Normalises a tag for storage; digest references cannot name a local tag.</summary>
    private static string? ParseTag(string? reference, string field)
    {
        if (string.IsNullOrEmpty(reference)) return null;
        var parsed = ImageReference.Parse(reference, field);
        if (parsed.Digest is not null)
            throw new ValidationException(field, $"\"{reference}\" is a digest reference; a tag like name:tag is needed here");
        return parsed.FamiliarTag;
    }
}
