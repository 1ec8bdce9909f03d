using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Dashboard.Engine.Spec.Parsing;

/// <summary>
/// docker <c>--user</c>: "uid", "uid:gid", "name", "name:group" (any mix). Numeric ids must fit in 0..2^31-1:
/// larger values are refused instead of wrapping (containerd CVE-2024-40635 wrapped them to 0, i.e. root).
/// </summary>
public static partial class UserSpec
{
    public const uint MaxId = int.MaxValue;

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_.-]*\\$?$")]
    private static partial Regex NamePattern();

    public static bool TryValidate(string? user, [NotNullWhen(false)] out string? error)
    {
        error = null;
        var parts = (user ?? "").Split(':');
        if (string.IsNullOrEmpty(user) || parts.Length > 2)
        {
            error = $"invalid user '{user}': use uid[:gid] or name[:group], e.g. 1000:1000 or nobody";
            return false;
        }
        foreach (var part in parts)
        {
            if (part.Length > 0 && part.All(char.IsAsciiDigit))
            {
                if (!uint.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var id) || id > MaxId)
                    error = $"invalid user '{user}': id {part} is above the maximum {MaxId}";
            }
            else if (part.Length == 0 || part.Length > 32 || !NamePattern().IsMatch(part))
            {
                error = $"invalid user '{user}': '{part}' is neither a numeric id nor a valid user or group name";
            }
            if (error is not null) return false;
        }
        return true;
    }

    /// <summary>Both parts numeric: "1000" is (1000, null), "1000:50" is (1000, 50).</summary>
    public static bool TryParseNumeric(string user, out uint uid, out uint? gid)
    {
        uid = 0;
        gid = null;
        var parts = user.Split(':');
        if (parts.Length > 2 || !TryId(parts[0], out uid)) return false;
        if (parts.Length == 1) return true;
        if (!TryId(parts[1], out var g)) return false;
        gid = g;
        return true;
    }

    private static bool TryId(string s, out uint id) =>
        uint.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out id) && id <= MaxId;
}
