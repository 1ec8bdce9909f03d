using System.Text;

namespace Dashboard.Web.Tests.Registry;

/// <summary>An OCI image layout directory with one tag naming an image index of several platforms (skopeo copy --all
/// oci:DIR:TAG pushes it as a multi-platform image). Layers are stored uncompressed.</summary>
public static class OciLayout
{
    public static string Write(string directory, string tag, params (string Architecture, string Marker)[] platforms)
    {
        var root = Path.Combine(directory, "oci-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path.Combine(root, "blobs", "sha256"));
        File.WriteAllText(Path.Combine(root, "oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        var entries = new List<string>();
        foreach (var (architecture, marker) in platforms)
        {
            var (layers, config) = BusyboxArchive.Build(marker, architecture);
            var layerDescriptors = layers.Select(l => Descriptor("application/vnd.oci.image.layer.v1.tar", Blob(root, l), l.Length));
            var manifest = Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":" +
                Descriptor("application/vnd.oci.image.config.v1+json", Blob(root, config), config.Length) +
                ",\"layers\":[" + string.Join(",", layerDescriptors) + "]}");
            entries.Add(Descriptor("application/vnd.oci.image.manifest.v1+json", Blob(root, manifest), manifest.Length,
                ",\"platform\":{\"architecture\":\"" + architecture + "\",\"os\":\"linux\"" + (architecture == "arm64" ? ",\"variant\":\"v8\"" : "") + "}"));
        }
        var index = Encoding.UTF8.GetBytes("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[" + string.Join(",", entries) + "]}");
        File.WriteAllText(Path.Combine(root, "index.json"), "{\"schemaVersion\":2,\"manifests\":[" +
            Descriptor("application/vnd.oci.image.index.v1+json", Blob(root, index), index.Length,
                ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + tag + "\"}") + "]}");
        return root;
    }

    private static string Blob(string root, byte[] content)
    {
        var digest = BusyboxArchive.Digest(content);
        File.WriteAllBytes(Path.Combine(root, "blobs", "sha256", digest[7..]), content);
        return digest;
    }

    private static string Descriptor(string mediaType, string digest, long size, string extra = "") =>
        $"{{\"mediaType\":\"{mediaType}\",\"digest\":\"{digest}\",\"size\":{size}{extra}}}";
}
