using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Dashboard.Engine.Spec.Parsing;

/// <summary>
/// Docker's human sizes (<c>--memory</c>, <c>--memory-swap</c>): a decimal number with an optional binary unit
/// b, k, m, g, t, p (also kb/kib/mb/..., any case), so "200m" is 209715200 and "1.5g" is 1610612736.
/// </summary>
public static class ByteSize
{
    /// <summary>Parses or throws <see cref="FormatException"/> with Docker's text, e.g. <c>invalid size: '200x'</c>.</summary>
    public static long Parse(string text) =>
        TryParse(text, out var bytes, out var error) ? bytes : throw new FormatException(error);

    public static bool TryParse(string? text, out long bytes, [NotNullWhen(false)] out string? error)
    {
        bytes = 0;
        error = $"invalid size: '{text}'";
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();

        // Split "1.5 GiB" into the number and the unit; the number is digits with at most one decimal point.
        var end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] == '.')) end++;
        var number = s[..end];
        var unit = s[end..].TrimStart(' ').ToLowerInvariant();
        if (number.Length == 0 || number.StartsWith('.') || number.EndsWith('.') || number.Count(c => c == '.') > 1)
            return false;
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return false;

        var multiplier = UnitMultiplier(unit);
        if (multiplier is null) return false;
        var result = decimal.Floor(value * multiplier.Value);
        if (result > long.MaxValue)
        {
            error = $"invalid size: '{text}' is too large";
            return false;
        }
        bytes = (long)result;
        error = null;
        return true;
    }

    private static decimal? UnitMultiplier(string unit) => unit switch
    {
        "" or "b" => 1m,
        "k" or "kb" or "kib" => 1024m,
        "m" or "mb" or "mib" => 1024m * 1024,
        "g" or "gb" or "gib" => 1024m * 1024 * 1024,
        "t" or "tb" or "tib" => 1024m * 1024 * 1024 * 1024,
        "p" or "pb" or "pib" => 1024m * 1024 * 1024 * 1024 * 1024,
        _ => null,
    };

    /// <summary>Formats bytes the way Docker's messages do ("6MiB", "1.5GiB").</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
        decimal value = bytes;
        var i = 0;
        while (Math.Abs(value) >= 1024 && i < units.Length - 1) { value /= 1024; i++; }
        return value.ToString("0.##", CultureInfo.InvariantCulture) + units[i];
    }
}
