using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dashboard.Engine.Runtime;

/// <summary>
/// One line conmon writes on _OCI_SYNCPIPE (API version 1): {"data": PID} once runtime create succeeded, or
/// {"data": -1, "message": "..."} with the runtime's stderr when it failed.
/// </summary>
public sealed partial record ConmonSyncMessage(int Data, string? Message)
{
    public bool Succeeded => Data > 0;

    /// <summary>Parses one line; null when it is not conmon's JSON.</summary>
    public static ConmonSyncMessage? Parse(string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) return null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            // API version 0 used "pid"; accept both so an old conmon still works.
            if (!root.TryGetProperty("data", out var data) && !root.TryGetProperty("pid", out data)) return null;
            if (data.ValueKind != JsonValueKind.Number || !data.TryGetInt32(out var value)) return null;
            var message = root.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            return new ConmonSyncMessage(value, message);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// runc logs errors as logrus text (time="..." level=error msg="runc create failed: ..."); keep only the msg part,
    /// which is what Docker shows and what the docker CLI matches ("executable file not found" means exit 127).
    /// Text in any other shape is returned trimmed.
    /// </summary>
    public static string CleanRuntimeError(string? text)
    {
        var trimmed = (text ?? "").Trim();
        var messages = LogrusMessageRegex().Matches(trimmed)
            .Select(m => Regex.Unescape(m.Groups["msg"].Value))
            .ToList();
        return messages.Count > 0 ? string.Join("; ", messages) : trimmed;
    }

    [GeneratedRegex(@"level=(?:error|fatal|warning)\s+msg=""(?<msg>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LogrusMessageRegex();
}
