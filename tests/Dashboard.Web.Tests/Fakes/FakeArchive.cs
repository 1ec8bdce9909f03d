using System.Formats.Tar;
using System.Text.Json;
using Dashboard.Engine;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>Reads uploads for the fake image store: a tar's files, and a docker-save archive's images, with the
/// real store's messages for what is not one.</summary>
internal static class FakeArchive
{
    public sealed record SavedImage(byte[] Config, IReadOnlyList<string> RepoTags, IReadOnlyList<byte[]> Layers, IReadOnlyList<string>? Cmd);

    public static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    public static Dictionary<string, byte[]> Files(byte[] bytes)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            if (bytes.Length == 0) throw new EndOfStreamException("the archive is empty");
            using var reader = new TarReader(new MemoryStream(bytes));
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is null) continue;
                using var data = new MemoryStream();
                entry.DataStream.CopyTo(data);
                files[entry.Name.TrimStart('.', '/')] = data.ToArray();
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException or ArgumentException)
        {
            throw new InvalidArchiveException($"the archive is not a valid tar (or gzip) stream: {e.Message}");
        }
        return files;
    }

    public static IEnumerable<SavedImage> DockerSave(Dictionary<string, byte[]> files)
    {
        if (!files.TryGetValue("manifest.json", out var manifestBytes))
            throw new InvalidArchiveException("not an image archive: it has neither manifest.json (docker save) nor index.json (OCI layout); use import for a plain rootfs tarball");
        using var manifest = JsonDocument.Parse(manifestBytes);
        foreach (var entry in manifest.RootElement.EnumerateArray())
        {
            var config = File(files, entry.GetProperty("Config").GetString()!);
            var tags = entry.TryGetProperty("RepoTags", out var t) && t.ValueKind == JsonValueKind.Array
                ? t.EnumerateArray().Select(x => x.GetString()!).ToList() : [];
            var layers = entry.GetProperty("Layers").EnumerateArray().Select(l => File(files, l.GetString()!)).ToList();
            yield return new SavedImage(config, tags, layers, Cmd(config));
        }
    }

    private static byte[] File(Dictionary<string, byte[]> files, string name) =>
        files.TryGetValue(name, out var bytes) ? bytes : throw new InvalidArchiveException($"the archive has no file \"{name}\"");

    private static IReadOnlyList<string>? Cmd(byte[] config)
    {
        using var doc = JsonDocument.Parse(config);
        return doc.RootElement.TryGetProperty("config", out var c) && c.TryGetProperty("Cmd", out var cmd) && cmd.ValueKind == JsonValueKind.Array
            ? cmd.EnumerateArray().Select(x => x.GetString()!).ToList() : null;
    }
}
