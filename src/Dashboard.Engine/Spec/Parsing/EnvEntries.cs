using System.Diagnostics.CodeAnalysis;

namespace Dashboard.Engine.Spec.Parsing;

/// <summary>
/// Environment entries. "KEY=VALUE" sets; a bare "KEY" follows the Docker server's rule (moby
/// <c>ReplaceOrAppendEnvValues</c>): it is kept in the definition and, when the process environment is built,
/// removes KEY (for example one inherited from the image). The docker CLI resolves a bare KEY from the client's own
/// environment before sending, so only API callers ever send one, and for them "unset" is the Docker behaviour.
/// </summary>
public static class EnvEntries
{
    public static bool TryValidate(string? entry, [NotNullWhen(false)] out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(entry) || entry[0] == '=')
            error = $"invalid environment variable '{entry}': the name before '=' cannot be empty";
        else if (entry.Contains('\0'))
            error = $"invalid environment variable '{Key(entry)}': it contains a NUL character";
        return error is null;
    }

    public static string Key(string entry)
    {
        var eq = entry.IndexOf('=');
        return eq < 0 ? entry : entry[..eq];
    }

    /// <summary>
    /// Applies <paramref name="overrides"/> to <paramref name="baseEnv"/>: a KEY=VALUE replaces the same KEY in place
    /// or is appended; a bare KEY removes it. Order is stable, so the result is deterministic.
    /// </summary>
    public static List<string> Merge(IEnumerable<string> baseEnv, IEnumerable<string> overrides)
    {
        var result = new List<string>(baseEnv);
        foreach (var entry in overrides)
        {
            var key = Key(entry);
            var index = result.FindIndex(e => Key(e) == key);
            if (!entry.Contains('='))
            {
                if (index >= 0) result.RemoveAt(index);
                continue;
            }
            if (index >= 0) result[index] = entry;
            else result.Add(entry);
        }
        return result;
    }
}
