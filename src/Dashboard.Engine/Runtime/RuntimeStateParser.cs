using System.Text.Json;

namespace Dashboard.Engine.Runtime;

/// <summary>Parses the JSON "runc state ID" / "crun state ID" print.</summary>
public static class RuntimeStateParser
{
    public static RuntimeState Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new RuntimeState(
            root.GetProperty("id").GetString() ?? "",
            root.GetProperty("status").GetString() ?? "",
            root.TryGetProperty("pid", out var pid) && pid.ValueKind == JsonValueKind.Number ? pid.GetInt32() : 0,
            root.TryGetProperty("bundle", out var bundle) ? bundle.GetString() ?? "" : "");
    }

    /// <summary>True when the runtime's stderr says the id is unknown (runc: "container does not exist";
    /// crun: "...: No such file or directory").</summary>
    public static bool IsNotFound(string stderr) =>
        stderr.Contains("does not exist", StringComparison.OrdinalIgnoreCase)
        || stderr.Contains("No such file or directory", StringComparison.Ordinal);
}
