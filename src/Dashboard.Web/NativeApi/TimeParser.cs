using System.Globalization;
using System.Text.RegularExpressions;

namespace Dashboard.Web.NativeApi;

/// <summary>The time spellings docker logs --since accepts: RFC 3339, Unix seconds (with fraction), or a Go-style
/// duration before now ("90s", "10m", "1h30m").</summary>
public static partial class TimeParser
{
    public static bool TryParse(string raw, DateTimeOffset now, out DateTimeOffset time)
    {
        time = default;
        if (decimal.TryParse(raw, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
        {
            if (seconds > 253402300799m) return false;
            time = DateTimeOffset.UnixEpoch.AddTicks((long)(seconds * TimeSpan.TicksPerSecond));
            return true;
        }
        if (DurationPattern().IsMatch(raw))
        {
            var total = TimeSpan.Zero;
            foreach (Match m in DurationPart().Matches(raw))
            {
                var value = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                total += m.Groups[2].Value switch
                {
                    "h" => TimeSpan.FromHours(value),
                    "m" => TimeSpan.FromMinutes(value),
                    "s" => TimeSpan.FromSeconds(value),
                    "ms" => TimeSpan.FromMilliseconds(value),
                    _ => TimeSpan.Zero,
                };
            }
            time = now - total;
            return true;
        }
        return DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
    }

    [GeneratedRegex(@"^(\d+(\.\d+)?(h|ms|m|s))+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|ms|m|s)")]
    private static partial Regex DurationPart();
}
