using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>Small tarballs written to temp files: a rootfs for docker import, a docker-save archive for docker load.</summary>
internal static class TestArchives
{
    public static byte[] Rootfs(string marker = "hello")
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "etc/"));
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "etc/marker")
            {
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(marker)),
            });
        }
        return buffer.ToArray();
    }

    public static byte[] DockerSave(string repoTag) => DockerSave(repoTag, Rootfs("layer"));

    /// <summary>docker save around <paramref name="layer"/>. Its diff id is the sha256 of the blob as given, right
    /// for a plain tar; a compressed layer is refused for the mismatch unless a limit stops it first.</summary>
    public static byte[] DockerSave(string repoTag, byte[] layer)
    {
        var diffId = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(layer));
        var config = Encoding.UTF8.GetBytes($$$"""{"architecture":"amd64","os":"linux","config":{"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":["{{{diffId}}}"]}}""");
        var manifest = Encoding.UTF8.GetBytes($$"""[{"Config":"config.json","RepoTags":["{{repoTag}}"],"Layers":["layer/layer.tar"]}]""");
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            Add(writer, "config.json", config);
            Add(writer, "layer/layer.tar", layer);
            Add(writer, "manifest.json", manifest);
        }
        return buffer.ToArray();
    }

    /// <summary>A gzip-compressed rootfs of <paramref name="files"/> files of zeros: a few KiB that unpack to
    /// files * fileSize bytes.</summary>
    public static byte[] GzipBomb(int files, int fileSize)
    {
        var zeros = new byte[fileSize];
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            for (var i = 0; i < files; i++)
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"zeros/{i}") { DataStream = new MemoryStream(zeros) });
        }
        return output.ToArray();
    }

    public static string WriteTemp(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dash-archive-{Guid.NewGuid():N}.tar");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void Add(TarWriter writer, string name, byte[] data) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
}
