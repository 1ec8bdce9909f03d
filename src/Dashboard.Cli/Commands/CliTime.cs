using System.Globalization;
using System.Text.RegularExpressions;

namespace Dashboard.Cli.Commands;

/// <summary>docker's --since/--until forms: RFC 3339, Unix seconds (with fraction), or a duration ago ("10m", "1h30m").</summary>
public static partial class CliTime
{
    public static DateTimeOffset Parse(string raw, DateTimeOffset now, string flag)
    {
        raw = raw.Trim();
        if (DurationPattern().Match(raw) is { Success: true } m)
        {
            var total = TimeSpan.Zero;
            foreach (Capture c in m.Groups["part"].Captures)
            {
                var part = PartPattern().Match(c.Value);
                var value = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
                total += part.Groups[2].Value switch
                {
                    "ms" => TimeSpan.FromMilliseconds(value),
                    "s" => TimeSpan.FromSeconds(value),
                    "m" => TimeSpan.FromMinutes(value),
                    _ => TimeSpan.FromHours(value),
                };
            }
            return now - total;
        }
        if (double.TryParse(raw, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds))
            return DateTimeOffset.UnixEpoch.AddSeconds(seconds);
        if (DateTimeOffset.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            return time;
        throw new CliException($"invalid value \"{raw}\" for {flag}: use a time (2024-01-02T15:04:05Z), Unix seconds or a duration like 10m");
    }

    [GeneratedRegex(@"^(?<part>\d+(\.\d+)?(ms|s|m|h))+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h)$")]
    private static partial Regex PartPattern();
}
