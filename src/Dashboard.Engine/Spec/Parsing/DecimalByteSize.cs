using System.Globalization;

namespace Dashboard.Engine.Spec.Parsing;

/// <summary>
/// Docker's sizes for --log-opt max-size (go-units FromHumanSize): a decimal number with an optional unit k, m, g, t,
/// p, optionally followed by i and b, in any case, and all decimal: "10m" and "10MiB" are both 10,000,000 bytes.
/// (Docker reads --memory in binary units instead: see <see cref="ByteSize"/>.)
/// </summary>
public static class DecimalByteSize
{
    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var s = text.Trim();
        var end = 0;
        while (end < s.Length && (char.IsAsciiDigit(s[end]) || s[end] == '.')) end++;
        if (!decimal.TryParse(s.AsSpan(0, end), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            return false;
        var unit = s[end..].TrimStart(' ').ToLowerInvariant();
        decimal multiplier = 1;
        if (unit.Length > 0 && unit != "b")
        {
            multiplier = unit[0] switch
            {
                'k' => 1e3m,
                'm' => 1e6m,
                'g' => 1e9m,
                't' => 1e12m,
                'p' => 1e15m,
                _ => 0,
            };
            if (multiplier == 0 || unit[1..] is not ("" or "b" or "i" or "ib")) return false;
        }
        var result = decimal.Floor(value * multiplier);
        if (result > long.MaxValue) return false;
        bytes = (long)result;
        return true;
    }

    /// <summary>Bytes in the same units, exact: "10m" for 10,000,000, plain digits when no unit divides them.</summary>
    public static string Format(long bytes)
    {
        foreach (var (unit, size) in new[] { ("g", 1_000_000_000L), ("m", 1_000_000L), ("k", 1_000L) })
            if (bytes >= size && bytes % size == 0) return (bytes / size).ToString(CultureInfo.InvariantCulture) + unit;
        return bytes.ToString(CultureInfo.InvariantCulture);
    }
}
