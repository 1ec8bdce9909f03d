using System.Formats.Tar;
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

    public static byte[] DockerSave(string repoTag)
    {
        var layer = Rootfs("layer");
        var config = Encoding.UTF8.GetBytes("""{"architecture":"amd64","os":"linux","config":{"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":[]}}""");
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

    public static string WriteTemp(byte[] bytes)
    {
        var path = Path.Combine(Path.GetTempPath(), $"dash-archive-{Guid.NewGuid():N}.tar");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    private static void Add(TarWriter writer, string name, byte[] data) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
}
