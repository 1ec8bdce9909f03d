using System.Diagnostics.CodeAnalysis;

namespace Dashboard.Engine.Spec.Parsing;

/// <summary>
/// Hostnames by RFC 1123: dot-separated labels of letters, digits and '-', 1..63 characters each, not starting or
/// ending with '-'. The whole name is capped at 64 characters because that is what sethostname(2) accepts.
/// </summary>
public static class Hostnames
{
    public const int MaxLength = 64;
    public const int MaxLabelLength = 63;

    public static bool TryValidate(string? hostname, [NotNullWhen(false)] out string? error)
    {
        error = Check(hostname ?? "");
        return error is null;
    }

    private static string? Check(string hostname)
    {
        if (hostname.Length == 0) return "invalid hostname '': it cannot be empty";
        if (hostname.Length > MaxLength)
            return $"invalid hostname '{hostname}': at most {MaxLength} characters are allowed, it has {hostname.Length}";
        foreach (var label in hostname.Split('.'))
        {
            if (label.Length == 0)
                return $"invalid hostname '{hostname}': it has an empty label (two dots in a row, or a leading or trailing dot)";
            if (label.Length > MaxLabelLength)
                return $"invalid hostname '{hostname}': the label '{label}' is longer than {MaxLabelLength} characters";
            if (label.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '-'))
                return $"invalid hostname '{hostname}': only letters, digits, '-' and '.' are allowed";
            if (label[0] == '-' || label[^1] == '-')
                return $"invalid hostname '{hostname}': a label cannot start or end with '-'";
        }
        return null;
    }
}
