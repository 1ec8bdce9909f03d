using System.Text.Json.Serialization;

namespace Dashboard.Web.DockerApi.Models;

public sealed record ImageSummary(
    string Id,
    string ParentId,
    IReadOnlyList<string> RepoTags,
    IReadOnlyList<string> RepoDigests,
    long Created,
    long Size,
    long SharedSize,
    IReadOnlyDictionary<string, string> Labels,
    int Containers);

public sealed record ImageInspect(
    string Id,
    IReadOnlyList<string> RepoTags,
    IReadOnlyList<string> RepoDigests,
    string Parent,
    string Comment,
    string Created,
    string DockerVersion,
    string Author,
    ImageConfigModel Config,
    string Architecture,
    string Os,
    long Size,
    GraphDriverModel GraphDriver,
    RootFsModel RootFS,
    ImageMetadataModel Metadata);

public sealed record ImageConfigModel(
    IReadOnlyList<string>? Cmd,
    IReadOnlyList<string>? Entrypoint,
    IReadOnlyList<string> Env,
    string WorkingDir,
    string User,
    IReadOnlyDictionary<string, string> Labels,
    string? StopSignal);

public sealed record RootFsModel(string Type, IReadOnlyList<string> Layers);

public sealed record ImageMetadataModel(string LastTagTime);

/// <summary>One line of an image removal report; Docker omits the side that does not apply.</summary>
public sealed record ImageDeleteItem(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Untagged,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Deleted);

/// <summary>A line of Docker's JSON-message stream (pkg/jsonmessage); names are lower-case on the wire.</summary>
public sealed record JsonMessage(
    [property: JsonPropertyName("stream"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Stream = null,
    [property: JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null,
    [property: JsonPropertyName("errorDetail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonErrorDetail? ErrorDetail = null,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

public sealed record JsonErrorDetail([property: JsonPropertyName("message")] string Message);

/// <summary>A line of moby's pull progress stream (jsonmessage.JSONMessage): status, layer id, bytes so far.</summary>
public sealed record PullMessage(
    [property: JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Status = null,
    [property: JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id = null,
    [property: JsonPropertyName("progressDetail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ProgressDetail? ProgressDetail = null,
    [property: JsonPropertyName("errorDetail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonErrorDetail? ErrorDetail = null,
    [property: JsonPropertyName("error"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Error = null);

public sealed record ProgressDetail(
    [property: JsonPropertyName("current")] long Current,
    [property: JsonPropertyName("total"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Total);

/// <summary>POST /auth's answer (docker login prints Status).</summary>
public sealed record AuthResponse(
    [property: JsonPropertyName("Status")] string Status,
    [property: JsonPropertyName("IdentityToken")] string IdentityToken = "");
