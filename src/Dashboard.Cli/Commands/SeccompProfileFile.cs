using System.Text.Json;

namespace Dashboard.Cli.Commands;

/// <summary>
/// --security-opt seccomp=FILE: like the docker CLI, dashctl reads the profile and sends its JSON content, compacted,
/// so the daemon never opens a client's file. "unconfined", "builtin" and content that already is JSON pass as typed.
/// </summary>
public static class SeccompProfileFile
{
    /// <exception cref="CliException">The file cannot be read or is not JSON.</exception>
    public static string Inline(string option, Func<string, string> readFile)
    {
        var eq = option.IndexOf('=');
        if (eq < 0) eq = option.IndexOf(':');
        if (eq < 0 || option[..eq] != "seccomp") return option;
        var value = option[(eq + 1)..];
        if (value is "" or "unconfined" or "builtin" || value.TrimStart().StartsWith('{')) return option;
        string text;
        try
        {
            text = readFile(value);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"opening seccomp profile ({value}) failed: {ex.Message}");
        }
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            return "seccomp=" + JsonSerializer.Serialize(doc.RootElement);
        }
        catch (JsonException ex)
        {
            throw new CliException($"compacting json for seccomp profile ({value}) failed: {ex.Message}");
        }
    }
}
