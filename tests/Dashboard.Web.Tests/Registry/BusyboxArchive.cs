using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Web.Tests.Registry;

/// <summary>
/// A docker-archive ("docker save" layout) of a busybox image made from the host's static busybox, like the daemon's
/// built-in one: a base layer with bin/busybox and its applet links, and a small top layer with /etc/pulled holding
/// <paramref name="marker"/>. Images with the same base share that layer (same bytes, same diff id).
/// </summary>
public sealed class BusyboxArchive
{
    private static readonly Lazy<byte[]> s_base = new(BaseLayer);

    public required string Path { get; init; }
    public required string ConfigDigest { get; init; }
    public required IReadOnlyList<string> DiffIds { get; init; }

    /// <summary>The layers (plain tars, bottom first) and config of the image for <paramref name="architecture"/>.</summary>
    public static (byte[][] Layers, byte[] Config) Build(string marker, string architecture = "amd64")
    {
        var layers = new[] { s_base.Value, TopLayer(marker) };
        var diffIds = layers.Select(Digest).ToList();
        var config = Encoding.UTF8.GetBytes(
            "{\"architecture\":\"" + architecture + "\",\"os\":\"linux\",\"created\":\"2024-01-01T00:00:00Z\"," +
            "\"config\":{\"Cmd\":[\"sh\"],\"Env\":[\"PATH=/bin\"],\"Labels\":{\"marker\":\"" + marker + "\"}}," +
            "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"" + string.Join("\",\"", diffIds) + "\"]}}");
        return (layers, config);
    }

    public static string Digest(byte[] content) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(content));

    public static BusyboxArchive Write(string directory, string marker)
    {
        var (layers, config) = Build(marker);
        var path = System.IO.Path.Combine(directory, $"busybox-{marker}.tar");
        using (var file = File.Create(path))
        using (var writer = new TarWriter(file, TarEntryFormat.Pax))
        {
            Add(writer, "config.json", config);
            Add(writer, "base/layer.tar", layers[0]);
            Add(writer, "top/layer.tar", layers[1]);
            Add(writer, "manifest.json", Encoding.UTF8.GetBytes("[{\"Config\":\"config.json\",\"RepoTags\":[],\"Layers\":[\"base/layer.tar\",\"top/layer.tar\"]}]"));
        }
        return new BusyboxArchive { Path = path, ConfigDigest = Digest(config), DiffIds = layers.Select(Digest).ToList() };
    }

    private static byte[] BaseLayer()
    {
        var mtime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "bin/") { Mode = (UnixFileMode)0x1ED, ModificationTime = mtime });
            using (var busybox = File.OpenRead("/bin/busybox"))
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { Mode = (UnixFileMode)0x1ED, ModificationTime = mtime, DataStream = busybox });
            foreach (var applet in new[] { "sh", "cat", "echo", "sleep", "ls" })
                writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, "bin/" + applet) { LinkName = "busybox", ModificationTime = mtime });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "etc/") { Mode = (UnixFileMode)0x1ED, ModificationTime = mtime });
            writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, "tmp/") { Mode = (UnixFileMode)0x3FF, ModificationTime = mtime });
        }
        return buffer.ToArray();
    }

    private static byte[] TopLayer(string marker)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true))
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "etc/pulled")
            {
                Mode = (UnixFileMode)0x1A4,
                ModificationTime = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero),
                DataStream = new MemoryStream(Encoding.UTF8.GetBytes(marker + "\n")),
            });
        return buffer.ToArray();
    }

    private static void Add(TarWriter writer, string name, byte[] data) =>
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
}
