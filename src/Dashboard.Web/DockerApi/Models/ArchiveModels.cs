using System.Text.Json.Serialization;

namespace Dashboard.Web.DockerApi.Models;

/// <summary>moby's container.PathStat, as the X-Docker-Container-Path-Stat header carries it (base64 of this JSON):
/// lower-case names, the mode as Go's os.FileMode bits, the mtime in RFC 3339.</summary>
public sealed record ContainerPathStatModel(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("size")] long Size,
    [property: JsonPropertyName("mode")] uint Mode,
    [property: JsonPropertyName("mtime")] string Mtime,
    [property: JsonPropertyName("linkTarget")] string LinkTarget);
