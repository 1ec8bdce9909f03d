using System.Text.RegularExpressions;

namespace Dashboard.Engine.Runtime;

/// <summary>Parses the first line of "runc --version", "crun --version" and "conmon --version".</summary>
public static partial class RuntimeVersionParser
{
    /// <summary>"runc version 1.1.5+ds1" gives "1.1.5+ds1"; null when the text is not a version banner of
    /// <paramref name="program"/>.</summary>
    public static string? Parse(string program, string output)
    {
        foreach (var line in output.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var match = BannerRegex().Match(line);
            if (match.Success && match.Groups["program"].Value.Equals(program, StringComparison.OrdinalIgnoreCase))
                return match.Groups["version"].Value;
        }
        return null;
    }

    /// <summary>The numeric part of a version ("1.1.5+ds1" gives 1.1.5, "1.2.0-rc.1" gives 1.2.0); null when none.</summary>
    public static Version? Numeric(string? version)
    {
        if (version is null) return null;
        var match = NumericRegex().Match(version);
        if (!match.Success) return null;
        return Version.TryParse(match.Value.Count(c => c == '.') == 0 ? match.Value + ".0" : match.Value, out var parsed) ? parsed : null;
    }

    [GeneratedRegex(@"^(?<program>[A-Za-z0-9_-]+)\s+version\s+(?<version>\S+)")]
    private static partial Regex BannerRegex();

    [GeneratedRegex(@"^\d+(\.\d+){0,3}")]
    private static partial Regex NumericRegex();
}
