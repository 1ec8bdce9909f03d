using System.Text;

namespace Dashboard.Web.Components.Launch;

/// <summary>Splits a command line into words like a POSIX shell (no expansion): whitespace separates words,
/// single quotes keep everything literal, double quotes keep spaces and allow \" \\ \$ \` escapes, and a
/// backslash outside quotes escapes the next character. Also quotes words back for a copyable command line.</summary>
public static class ShellWords
{
    /// <summary>Returns false with a message when a quote is left open or the line ends in a lone backslash.</summary>
    public static bool TrySplit(string? line, out IReadOnlyList<string> words, out string? error)
    {
        var result = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        error = null;
        line ??= "";
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (char.IsWhiteSpace(c))
            {
                if (inWord) { result.Add(word.ToString()); word.Clear(); inWord = false; }
                continue;
            }
            inWord = true;
            if (c == '\'')
            {
                var end = line.IndexOf('\'', i + 1);
                if (end < 0) { error = "Unterminated single quote"; break; }
                word.Append(line, i + 1, end - i - 1);
                i = end;
            }
            else if (c == '"')
            {
                var closed = false;
                for (i++; i < line.Length; i++)
                {
                    if (line[i] == '"') { closed = true; break; }
                    if (line[i] == '\\' && i + 1 < line.Length && line[i + 1] is '"' or '\\' or '$' or '`') i++;
                    word.Append(line[i]);
                }
                if (!closed) { error = "Unterminated double quote"; break; }
            }
            else if (c == '\\')
            {
                if (i + 1 >= line.Length) { error = "The command ends with a lone backslash"; break; }
                word.Append(line[++i]);
            }
            else word.Append(c);
        }
        if (error is null && inWord) result.Add(word.ToString());
        words = error is null ? result : [];
        return error is null;
    }

    /// <summary>Quotes a word so a POSIX shell reads it back unchanged; plain words stay bare.</summary>
    public static string Quote(string word)
    {
        if (word.Length == 0) return "''";
        if (word.All(IsPlain)) return word;
        return "'" + word.Replace("'", "'\\''") + "'";
    }

    private static bool IsPlain(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ':' or '=' or '@' or '%' or '+' or ',';
}
