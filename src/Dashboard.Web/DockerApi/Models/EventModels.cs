using System.Text.Json.Serialization;

namespace Dashboard.Web.DockerApi.Models;

/// <summary>moby's events.Message, with the legacy status/id/from that API versions below 1.52 still carry (the
/// docker CLI v24 keys docker stats on "id").</summary>
public sealed record EventMessageModel
{
    [JsonPropertyName("status"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Status { get; init; }
    [JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Id { get; init; }
    [JsonPropertyName("from"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? From { get; init; }
    public required string Type { get; init; }
    public required string Action { get; init; }
    public required EventActorModel Actor { get; init; }
    [JsonPropertyName("scope")] public string Scope { get; init; } = "local";
    [JsonPropertyName("time")] public long Time { get; init; }
    [JsonPropertyName("timeNano")] public long TimeNano { get; init; }
}

public sealed record EventActorModel(string ID, IReadOnlyDictionary<string, string> Attributes);
