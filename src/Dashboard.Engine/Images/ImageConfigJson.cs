using System.Runtime.InteropServices;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dashboard.Engine.Images;

/// <summary>The parts of an OCI/Docker image config the engine uses.</summary>
internal sealed record ParsedImageConfig(
    ImageConfig Config, IReadOnlyList<string> DiffIds, DateTimeOffset Created, string Architecture, string Os, string? Comment);

/// <summary>
/// Reads and writes image config JSON (the blob whose sha256 is the image id), in the OCI image config shape
/// Docker also uses: architecture, os, created, config{...}, rootfs{type, diff_ids}, history.
/// </summary>
internal static partial class ImageConfigJson
{
    [GeneratedRegex("^sha256:[a-f0-9]{64}$")]
    private static partial Regex DigestPattern();

    public static string HostArchitecture => RuntimeInformation.OSArchitecture switch
    {
        Architecture.X64 => "amd64",
        Architecture.Arm64 => "arm64",
        Architecture.Arm => "arm",
        Architecture.X86 => "386",
        var other => other.ToString().ToLowerInvariant(),
    };

    /// <summary>Writes a config deterministically (fixed key order, no indentation), so equal inputs give equal ids.</summary>
    public static byte[] Write(ImageConfig config, IReadOnlyList<string> diffIds, DateTimeOffset created, string createdBy, string? comment)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            var time = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'");
            w.WriteStartObject();
            w.WriteString("architecture", HostArchitecture);
            if (!string.IsNullOrEmpty(comment)) w.WriteString("comment", comment);
            w.WriteStartObject("config");
            WriteList(w, "Cmd", config.Cmd);
            WriteList(w, "Entrypoint", config.Entrypoint);
            WriteList(w, "Env", config.Env);
            if (config.ExposedPorts.Count > 0)
            {
                w.WriteStartObject("ExposedPorts");
                foreach (var port in config.ExposedPorts) { w.WriteStartObject(port); w.WriteEndObject(); }
                w.WriteEndObject();
            }
            if (config.Labels.Count > 0)
            {
                w.WriteStartObject("Labels");
                foreach (var (k, v) in config.Labels.OrderBy(p => p.Key, StringComparer.Ordinal)) w.WriteString(k, v);
                w.WriteEndObject();
            }
            if (config.StopSignal is not null) w.WriteString("StopSignal", config.StopSignal);
            if (config.User is not null) w.WriteString("User", config.User);
            if (config.Volumes.Count > 0)
            {
                w.WriteStartObject("Volumes");
                foreach (var path in config.Volumes.Order(StringComparer.Ordinal))
                {
                    w.WriteStartObject(path);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            }
            if (config.WorkingDir is not null) w.WriteString("WorkingDir", config.WorkingDir);
            w.WriteEndObject();
            w.WriteString("created", time);
            w.WriteStartArray("history");
            w.WriteStartObject();
            w.WriteString("created", time);
            w.WriteString("created_by", createdBy);
            if (!string.IsNullOrEmpty(comment)) w.WriteString("comment", comment);
            w.WriteEndObject();
            w.WriteEndArray();
            w.WriteString("os", "linux");
            w.WriteStartObject("rootfs");
            w.WriteString("type", "layers");
            WriteList(w, "diff_ids", diffIds);
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.ToArray();
    }

    /// <summary>Parses an image config from an archive. Throws <see cref="InvalidArchiveException"/> when it is not one.</summary>
    public static ParsedImageConfig Parse(byte[] json, string source)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (!root.TryGetProperty("rootfs", out var rootfs) || rootfs.ValueKind != JsonValueKind.Object
                || !rootfs.TryGetProperty("diff_ids", out var ids) || ids.ValueKind != JsonValueKind.Array)
                throw new InvalidArchiveException($"image config {source} has no rootfs.diff_ids");
            var diffIds = ids.EnumerateArray().Select(e => e.GetString() ?? "").ToList();
            if (diffIds.FirstOrDefault(d => !DigestPattern().IsMatch(d)) is { } bad)
                throw new InvalidArchiveException($"image config {source} has an invalid diff id \"{bad}\" (only sha256 is supported)");
            var c = root.TryGetProperty("config", out var cfg) && cfg.ValueKind == JsonValueKind.Object ? cfg : default;
            var config = new ImageConfig
            {
                Cmd = ReadList(c, "Cmd"),
                Entrypoint = ReadList(c, "Entrypoint"),
                Env = ReadList(c, "Env") ?? [],
                WorkingDir = ReadString(c, "WorkingDir"),
                User = ReadString(c, "User"),
                StopSignal = ReadString(c, "StopSignal"),
                // {"80/tcp": {}}; a key without a protocol is tcp, as Docker reads it.
                ExposedPorts = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("ExposedPorts", out var exposed) && exposed.ValueKind == JsonValueKind.Object
                    ? exposed.EnumerateObject().Select(p => p.Name.Contains('/') ? p.Name.ToLowerInvariant() : p.Name + "/tcp").ToList()
                    : [],
                Labels = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("Labels", out var labels) && labels.ValueKind == JsonValueKind.Object
                    ? labels.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText())
                    : new Dictionary<string, string>(),
                Volumes = c.ValueKind == JsonValueKind.Object && c.TryGetProperty("Volumes", out var volumes) && volumes.ValueKind == JsonValueKind.Object
                    ? volumes.EnumerateObject().Select(p => p.Name).ToList()
                    : [],
            };
            var created = ReadString(root, "created") is { } s && DateTimeOffset.TryParse(s, out var t) ? t : DateTimeOffset.UnixEpoch;
            return new ParsedImageConfig(config, diffIds, created,
                ReadString(root, "architecture") ?? HostArchitecture, ReadString(root, "os") ?? "linux", ReadString(root, "comment"));
        }
        catch (JsonException e)
        {
            throw new InvalidArchiveException($"image config {source} is not valid JSON: {e.Message}");
        }
    }

    private static void WriteList(Utf8JsonWriter w, string name, IReadOnlyList<string>? values)
    {
        if (values is null) return;
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    private static string? ReadString(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static IReadOnlyList<string>? ReadList(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Select(x => x.GetString() ?? "").ToList()
            : null;
}
