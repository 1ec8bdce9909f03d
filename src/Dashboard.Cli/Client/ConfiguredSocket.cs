using System.Text.Json;

namespace Dashboard.Cli.Client;

/// <summary>
/// The socket the daemon is configured to listen on, read the way the daemon reads it: the Api__UnixSocket
/// environment variable, else Api:UnixSocket in the appsettings.json shipped beside dashctl (the same root file the
/// daemon uses). A missing or unreadable file just means "use the default".
/// </summary>
public static class ConfiguredSocket
{
    public const string EnvironmentVariable = "Api__UnixSocket";

    public static string? Read(Func<string, string?> environment, string directory)
    {
        if (environment(EnvironmentVariable) is { Length: > 0 } fromEnvironment) return fromEnvironment;
        var path = Path.Combine(directory, "appsettings.json");
        if (!File.Exists(path)) return null;
        try
        {
            using var stream = File.OpenRead(path);
            using var doc = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return doc.RootElement.TryGetProperty("Api", out var api) && api.ValueKind == JsonValueKind.Object
                && api.TryGetProperty("UnixSocket", out var socket) && socket.ValueKind == JsonValueKind.String
                ? socket.GetString()
                : null;
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
