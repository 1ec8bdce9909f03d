using System.Text.Json;

namespace Dashboard.Engine.Registry;

/// <summary>A content descriptor: what a manifest says about a blob or a child manifest.</summary>
internal sealed record Descriptor(string MediaType, string Digest, long Size, PlatformSpec? Platform = null, IReadOnlyList<string>? Urls = null)
{
    /// <summary>Docker shows layers by the first 12 hex digits of their blob digest.</summary>
    public string ShortId => Digest.Length > 19 ? Digest[7..19] : Digest;
}

internal sealed record PlatformSpec(string Os, string Architecture, string? Variant);

/// <summary>An image manifest (Docker schema 2 or OCI): its config blob and its layers, bottom first.</summary>
internal sealed record ImageManifest(Descriptor Config, IReadOnlyList<Descriptor> Layers);

/// <summary>
/// Reads the manifest kinds a registry serves: Docker schema 2 and OCI image manifests, Docker manifest lists and OCI
/// indexes (one manifest per platform). Schema 1 (signed, deprecated since 2017) is refused with a message.
/// </summary>
internal static class ManifestDocument
{
    public const string DockerManifest = "application/vnd.docker.distribution.manifest.v2+json";
    public const string DockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json";
    public const string OciManifest = "application/vnd.oci.image.manifest.v1+json";
    public const string OciIndex = "application/vnd.oci.image.index.v1+json";

    /// <summary>What a pull accepts, in Docker's order of preference.</summary>
    public static readonly string[] Accept = [DockerManifestList, OciIndex, DockerManifest, OciManifest];

    public static bool IsIndex(string mediaType) => mediaType is DockerManifestList or OciIndex;

    /// <summary>The media type from the JSON when it has one (OCI makes it optional), else from Content-Type.</summary>
    public static string MediaTypeOf(byte[] body, string? contentType)
    {
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("mediaType", out var m) && m.GetString() is { Length: > 0 } type) return type;
            if (json.RootElement.TryGetProperty("manifests", out _)) return OciIndex;
            if (json.RootElement.TryGetProperty("schemaVersion", out var v) && v.ValueKind == JsonValueKind.Number && v.GetInt32() == 1)
                return "application/vnd.docker.distribution.manifest.v1+json";
        }
        catch (JsonException e)
        {
            throw new RegistryException($"the registry sent a manifest that is not valid JSON: {e.Message}");
        }
        return contentType ?? OciManifest;
    }

    public static IReadOnlyList<Descriptor> ReadIndex(byte[] body)
    {
        using var json = JsonDocument.Parse(body);
        if (!json.RootElement.TryGetProperty("manifests", out var manifests) || manifests.ValueKind != JsonValueKind.Array)
            throw new RegistryException("the registry sent a manifest list without \"manifests\"");
        return manifests.EnumerateArray().Select(ReadDescriptor).ToList();
    }

    public static ImageManifest ReadImage(byte[] body, string mediaType)
    {
        if (mediaType is not (DockerManifest or OciManifest))
            throw new RegistryException(mediaType.Contains("manifest.v1", StringComparison.Ordinal)
                ? "the registry only has a schema 1 manifest for this image, which this engine does not read (Docker removed schema 1 support too); push the image again with a current client"
                : $"unsupported manifest media type \"{mediaType}\"");
        using var json = JsonDocument.Parse(body);
        var root = json.RootElement;
        if (!root.TryGetProperty("config", out var config) || !root.TryGetProperty("layers", out var layers) || layers.ValueKind != JsonValueKind.Array)
            throw new RegistryException("the registry sent an image manifest without config or layers");
        return new ImageManifest(ReadDescriptor(config), layers.EnumerateArray().Select(ReadDescriptor).ToList());
    }

    private static Descriptor ReadDescriptor(JsonElement e)
    {
        var digest = e.TryGetProperty("digest", out var d) ? d.GetString() ?? "" : "";
        if (!digest.StartsWith("sha256:", StringComparison.Ordinal) || digest.Length != 71 || !digest[7..].All(Uri.IsHexDigit))
            throw new RegistryException($"the manifest names a blob by an unsupported digest \"{digest}\" (only sha256 is supported)");
        PlatformSpec? platform = null;
        if (e.TryGetProperty("platform", out var p) && p.ValueKind == JsonValueKind.Object)
            platform = new PlatformSpec(Str(p, "os") ?? "", Str(p, "architecture") ?? "", Str(p, "variant"));
        var urls = e.TryGetProperty("urls", out var u) && u.ValueKind == JsonValueKind.Array
            ? u.EnumerateArray().Select(x => x.GetString() ?? "").ToList() : null;
        return new Descriptor(Str(e, "mediaType") ?? "", digest.ToLowerInvariant(),
            e.TryGetProperty("size", out var s) && s.ValueKind == JsonValueKind.Number ? s.GetInt64() : -1, platform, urls);
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
