using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.Engine.Containers;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// The filters of docker container prune, as moby reads them: until (a Go duration such as 24h or 1h30m before now,
/// a unix timestamp, or an RFC 3339 time: only containers created before it), label and label! (key or key=value;
/// every label= must hold, no label!= may). Anything else is refused by name.
/// </summary>
internal static partial class PruneFilters
{
    public static Func<ContainerRecord, bool> Parse(IReadOnlyDictionary<string, List<string>> filters, DateTimeOffset now)
    {
        foreach (var key in filters.Keys)
            if (key is not ("until" or "label" or "label!"))
                throw new DockerApiException(StatusCodes.Status400BadRequest,
                    $"invalid filter '{key}': container prune can be filtered by until, label and label!");
        var untils = filters.GetValueOrDefault("until") ?? [];
        if (untils.Count > 1)
            throw new DockerApiException(StatusCodes.Status400BadRequest, "more than one until filter specified");
        DateTimeOffset? before = untils.Count == 1 ? Time(untils[0], now) : null;
        var labels = filters.GetValueOrDefault("label") ?? [];
        var notLabels = filters.GetValueOrDefault("label!") ?? [];
        return container =>
            (before is not { } cut || container.Created < cut)
            && labels.All(l => HasLabel(container, l))
            && !notLabels.Any(l => HasLabel(container, l));
    }

    private static bool HasLabel(ContainerRecord container, string filter)
    {
        var eq = filter.IndexOf('=');
        if (eq < 0) return container.Config.Labels.ContainsKey(filter);
        return container.Config.Labels.TryGetValue(filter[..eq], out var value) && value == filter[(eq + 1)..];
    }

    private static DateTimeOffset Time(string value, DateTimeOffset now)
    {
        if (GoDuration(value) is { } ago) return now - ago;
        var parts = value.Split('.', 2);
        if (long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
        {
            var fraction = parts.Length == 2 && double.TryParse("0." + parts[1], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var f) ? f : 0;
            return DateTimeOffset.FromUnixTimeSeconds(seconds).AddSeconds(fraction);
        }
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)) return time;
        throw new DockerApiException(StatusCodes.Status400BadRequest,
            $"invalid filter 'until={value}': give a duration (24h, 1h30m), a unix timestamp or an RFC 3339 time");
    }

    [GeneratedRegex(@"^((\d+(\.\d+)?)(ns|us|µs|ms|s|m|h))+$")]
    private static partial Regex DurationPattern();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)")]
    private static partial Regex DurationPart();

    private static TimeSpan? GoDuration(string value)
    {
        if (!DurationPattern().IsMatch(value)) return null;
        double ms = 0;
        foreach (Match part in DurationPart().Matches(value))
        {
            var n = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            ms += part.Groups[2].Value switch
            {
                "h" => n * 3_600_000, "m" => n * 60_000, "s" => n * 1000, "ms" => n, "us" or "µs" => n / 1000, _ => n / 1_000_000,
            };
        }
        return TimeSpan.FromMilliseconds(ms);
    }
}
