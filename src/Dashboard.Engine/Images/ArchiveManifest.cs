using System.Text.Json;

namespace Dashboard.Engine.Images;

/// <summary>One image found in a load archive: where its config and layer blobs are, and the tags it carries.</summary>
internal sealed record ArchiveImage(string ConfigEntry, IReadOnlyList<string> LayerEntries, IReadOnlyList<string> Tags, string? ConfigDigest);

/// <summary>
/// Reads what a load archive holds: a "docker save" manifest.json ([{Config, RepoTags, Layers}]) when present,
/// otherwise an OCI image layout (oci-layout + index.json, nested indexes resolved to this host's platform).
/// </summary>
internal static class ArchiveManifest
{
    private const string OciIndex = "application/vnd.oci.image.index.v1+json";
    private const string DockerList = "application/vnd.docker.distribution.manifest.list.v2+json";

    public static IReadOnlyList<ArchiveImage> Read(SpooledArchive archive)
    {
        try
        {
            if (archive.Contains("manifest.json")) return ReadDockerSave(archive);
            if (archive.Contains("index.json")) return ReadOciLayout(archive);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new InvalidArchiveException($"the archive's manifest is malformed: {e.Message}");
        }
        throw new InvalidArchiveException("not an image archive: it has neither manifest.json (docker save) nor index.json (OCI layout); use import for a plain rootfs tarball");
    }

    private static IReadOnlyList<ArchiveImage> ReadDockerSave(SpooledArchive archive)
    {
        using var doc = JsonDocument.Parse(archive.ReadSmall("manifest.json"));
        var images = new List<ArchiveImage>();
        foreach (var item in doc.RootElement.EnumerateArray())
        {
            var config = item.GetProperty("Config").GetString() ?? throw new InvalidArchiveException("manifest.json entry without Config");
            var layers = item.GetProperty("Layers").EnumerateArray().Select(l => l.GetString() ?? "").ToList();
            var tags = item.TryGetProperty("RepoTags", out var t) && t.ValueKind == JsonValueKind.Array
                ? t.EnumerateArray().Select(x => x.GetString() ?? "").Where(x => x.Length > 0).ToList()
                : [];
            images.Add(new ArchiveImage(config, layers, tags, null));
        }
        if (images.Count == 0) throw new InvalidArchiveException("manifest.json lists no images");
        return images;
    }

    private static IReadOnlyList<ArchiveImage> ReadOciLayout(SpooledArchive archive)
    {
        using var index = JsonDocument.Parse(archive.ReadSmall("index.json"));
        var images = new List<ArchiveImage>();
        foreach (var descriptor in index.RootElement.GetProperty("manifests").EnumerateArray())
        {
            var tags = new List<string>();
            if (descriptor.TryGetProperty("annotations", out var annotations) && annotations.ValueKind == JsonValueKind.Object)
            {
                if (Annotation(annotations, "io.containerd.image.name") is { } full) tags.Add(full);
                // ref.name is often only a tag ("latest"); a bare tag names no repository, so only full references count.
                else if (Annotation(annotations, "org.opencontainers.image.ref.name") is { } refName && (refName.Contains(':') || refName.Contains('/')))
                    tags.Add(refName);
            }
            var manifest = ResolveManifest(archive, descriptor, depth: 0);
            images.Add(manifest with { Tags = tags });
        }
        if (images.Count == 0) throw new InvalidArchiveException("index.json lists no manifests");
        return images;
    }

    private static ArchiveImage ResolveManifest(SpooledArchive archive, JsonElement descriptor, int depth)
    {
        if (depth > 4) throw new InvalidArchiveException("index.json nests image indexes too deeply");
        var mediaType = descriptor.TryGetProperty("mediaType", out var m) ? m.GetString() : null;
        var blob = BlobPath(descriptor);
        using var doc = JsonDocument.Parse(archive.ReadSmall(blob));
        var root = doc.RootElement;
        mediaType ??= root.TryGetProperty("mediaType", out var inner) ? inner.GetString() : null;
        if (mediaType is OciIndex or DockerList || root.TryGetProperty("manifests", out _))
        {
            var candidates = root.GetProperty("manifests").EnumerateArray().ToList();
            var chosen = candidates.FirstOrDefault(MatchesHost);
            if (chosen.ValueKind == JsonValueKind.Undefined)
                chosen = candidates.Count == 1 ? candidates[0] : throw new InvalidArchiveException(
                    $"the image index has no manifest for linux/{ImageConfigJson.HostArchitecture}");
            return ResolveManifest(archive, chosen, depth + 1);
        }
        var config = root.GetProperty("config");
        var layers = root.GetProperty("layers").EnumerateArray().Select(BlobPath).ToList();
        return new ArchiveImage(BlobPath(config), layers, [], config.GetProperty("digest").GetString());
    }

    private static bool MatchesHost(JsonElement descriptor) =>
        descriptor.TryGetProperty("platform", out var p)
        && p.TryGetProperty("os", out var os) && os.GetString() == "linux"
        && p.TryGetProperty("architecture", out var arch) && arch.GetString() == ImageConfigJson.HostArchitecture;

    private static string BlobPath(JsonElement descriptor)
    {
        var digest = descriptor.GetProperty("digest").GetString() ?? "";
        var colon = digest.IndexOf(':');
        if (colon <= 0 || digest[(colon + 1)..].Any(c => !char.IsAsciiHexDigitLower(c)) || digest[..colon].Any(c => !char.IsAsciiLetterOrDigit(c)))
            throw new InvalidArchiveException($"invalid digest \"{digest}\" in the OCI layout");
        return $"blobs/{digest[..colon]}/{digest[(colon + 1)..]}";
    }

    private static string? Annotation(JsonElement annotations, string key) =>
        annotations.TryGetProperty(key, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
