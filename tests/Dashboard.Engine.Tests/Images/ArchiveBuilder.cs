using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace Dashboard.Engine.Tests.Images;

/// <summary>Builds "docker save" and OCI image-layout archives around layer tars, for load tests.</summary>
internal static class ArchiveBuilder
{
    public static string Sha(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static byte[] Config(IEnumerable<byte[]> uncompressedLayers, object? config = null) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object?>
        {
            ["architecture"] = "amd64",
            ["os"] = "linux",
            ["created"] = "2024-05-06T07:08:09Z",
            ["config"] = config ?? new { Cmd = new[] { "sh" } },
            ["rootfs"] = new { type = "layers", diff_ids = uncompressedLayers.Select(l => "sha256:" + Sha(l)).ToArray() },
        });

    /// <summary>docker save (classic): HEX.json config, HEX/layer.tar layers, manifest.json.</summary>
    public static byte[] DockerSave(byte[] config, IReadOnlyList<byte[]> layerBlobs, params string[] tags)
    {
        var files = new List<(string, byte[])> { ($"{Sha(config)}.json", config) };
        var layerNames = layerBlobs.Select((blob, i) => $"{Sha(blob)}/layer.tar").ToList();
        files.AddRange(layerBlobs.Select((blob, i) => (layerNames[i], blob)));
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new[] { new { Config = $"{Sha(config)}.json", RepoTags = tags, Layers = layerNames } });
        files.Add(("manifest.json", manifest));
        return Tar(files);
    }

    /// <summary>OCI image layout: index.json -> (nested index ->) manifest -> config + layers under blobs/sha256.</summary>
    public static byte[] OciLayout(byte[] config, IReadOnlyList<byte[]> layerBlobs, string? imageName, bool nested)
    {
        var files = new List<(string, byte[])> { ("oci-layout", """{"imageLayoutVersion":"1.0.0"}"""u8.ToArray()) };
        void Blob(byte[] data) => files.Add(($"blobs/sha256/{Sha(data)}", data));
        Blob(config);
        foreach (var layer in layerBlobs) Blob(layer);
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schemaVersion = 2,
            mediaType = "application/vnd.oci.image.manifest.v1+json",
            config = new { mediaType = "application/vnd.oci.image.config.v1+json", digest = "sha256:" + Sha(config), size = config.Length },
            layers = layerBlobs.Select(l => new { mediaType = "application/vnd.oci.image.layer.v1.tar+gzip", digest = "sha256:" + Sha(l), size = l.Length }),
        });
        Blob(manifest);
        var top = new Dictionary<string, object>
        {
            ["mediaType"] = "application/vnd.oci.image.manifest.v1+json",
            ["digest"] = "sha256:" + Sha(manifest),
            ["size"] = manifest.Length,
        };
        if (nested)
        {
            var inner = JsonSerializer.SerializeToUtf8Bytes(new
            {
                schemaVersion = 2,
                mediaType = "application/vnd.oci.image.index.v1+json",
                manifests = new object[]
                {
                    new { mediaType = "application/vnd.oci.image.manifest.v1+json", digest = "sha256:" + new string('0', 64), size = 1, platform = new { os = "linux", architecture = "s390x" } },
                    new { mediaType = "application/vnd.oci.image.manifest.v1+json", digest = "sha256:" + Sha(manifest), size = manifest.Length, platform = new { os = "linux", architecture = "amd64" } },
                },
            });
            Blob(inner);
            top["mediaType"] = "application/vnd.oci.image.index.v1+json";
            top["digest"] = "sha256:" + Sha(inner);
            top["size"] = inner.Length;
        }
        if (imageName is not null)
            top["annotations"] = new Dictionary<string, string> { ["io.containerd.image.name"] = imageName, ["org.opencontainers.image.ref.name"] = "latest" };
        files.Add(("index.json", JsonSerializer.SerializeToUtf8Bytes(new { schemaVersion = 2, manifests = new[] { top } })));
        return Tar(files);
    }

    public static byte[] Tar(IEnumerable<(string Name, byte[] Data)> files)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            foreach (var (name, data) in files)
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data), Mode = (UnixFileMode)0b110_100_100 });
        }
        return buffer.ToArray();
    }

    public static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
