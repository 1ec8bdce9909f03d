using System.Globalization;

namespace Dashboard.Engine.Runtime;

/// <summary>
/// conmon's exit file holds the container's exit status as a decimal number: the exit code, or 128+N when signal N
/// killed it (137 for SIGKILL/OOM, 143 for SIGTERM).
/// </summary>
public static class ExitFileParser
{
    public static int? Parse(string? content) =>
        int.TryParse(content?.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code) ? code : null;

    /// <summary>null when the file is missing or not (yet) a number.</summary>
    public static int? TryRead(string path)
    {
        try
        {
            return Parse(File.ReadAllText(path));
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }
}
