using System.Text.RegularExpressions;

namespace Dashboard.Web.Access;

/// <summary>
/// Names the action an API request takes, in the audit log's words ("container.start", "image.remove"), from its
/// method and path, for both the Docker-compatible API (with or without /vX.Y) and the native /api. Reads are not
/// actions; unknown routes are not audited. Pure, so the mapping is tested without a server.
/// </summary>
public static partial class ApiAuditClassifier
{
    public sealed record AuditedAction(string Action, string? Target);

    public static AuditedAction? Classify(string method, string path)
    {
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method)) return null;
        var trimmed = VersionPrefix().Replace(path, "");
        if (trimmed.StartsWith("/api/", StringComparison.Ordinal)) trimmed = trimmed[4..];
        var segments = trimmed.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries)
            .Select(Uri.UnescapeDataString).ToArray();
        if (segments.Length == 0) return null;
        var delete = HttpMethods.IsDelete(method);
        return segments switch
        {
            ["containers", "create"] => new("container.create", null),
            ["containers"] when !delete => new("container.create", null),
            ["containers", var id] when delete => new("container.remove", id),
            ["containers", var id, "update" or "limits"] => new("container.update", id),
            // An exec is created on a container and run by its session id; a resize changes nothing worth an entry.
            ["containers", var id, "exec"] => new("container.exec", id),
            ["exec", var id, "start"] => new("exec.start", id),
            ["containers", var id, var verb] when !delete && IsContainerVerb(verb) => new($"container.{verb}", id),
            ["images", "load"] => new("image.load", null),
            ["images", "import"] or ["images", "create"] => new("image.import", null),
            ["images", ..] when delete => new("image.remove", string.Join('/', segments[1..])),
            ["setup-link"] => new("setup-link.create", null),
            _ => null,
        };
    }

    private static bool IsContainerVerb(string verb) =>
        verb is "start" or "stop" or "restart" or "kill" or "pause" or "unpause";

    [GeneratedRegex(@"^/v\d+\.\d+(?=/)")]
    private static partial Regex VersionPrefix();
}
