using System.Globalization;
using System.Text.Json;

namespace Dashboard.Web.DockerApi;

/// <summary>Query-string parsing with moby's rules (httputils.BoolValue, filters JSON, unix timestamps).</summary>
internal static class DockerQuery
{
    /// <summary>"", "0", "no", "false" and "none" (any case) are false; anything else present is true.</summary>
    public static bool Bool(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString().Trim();
        return value.Length != 0 && !(value == "0" || value.Equals("no", StringComparison.OrdinalIgnoreCase)
            || value.Equals("false", StringComparison.OrdinalIgnoreCase) || value.Equals("none", StringComparison.OrdinalIgnoreCase));
    }

    public static string? String(HttpRequest request, string name)
    {
        var value = request.Query[name].ToString();
        return value.Length == 0 ? null : value;
    }

    public static int? Int(HttpRequest request, string name)
    {
        var value = String(request, name);
        if (value is null) return null;
        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new DockerApiException(StatusCodes.Status400BadRequest, $"invalid value for {name}: \"{value}\" is not an integer");
    }

    /// <summary>Unix seconds with optional ".nanoseconds" (what the CLI sends for since/until); 0 means unset.</summary>
    public static DateTimeOffset? UnixTime(HttpRequest request, string name)
    {
        var value = String(request, name);
        if (value is null) return null;
        var parts = value.Split('.', 2);
        if (!long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            throw new DockerApiException(StatusCodes.Status400BadRequest, $"invalid value for {name}: \"{value}\" is not a unix timestamp");
        long nanos = 0;
        if (parts.Length == 2 && parts[1].Length > 0)
        {
            var digits = parts[1].Length > 9 ? parts[1][..9] : parts[1].PadRight(9, '0');
            if (!long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out nanos))
                throw new DockerApiException(StatusCodes.Status400BadRequest, $"invalid value for {name}: \"{value}\" is not a unix timestamp");
        }
        if (seconds == 0 && nanos == 0) return null;
        return DateTimeOffset.FromUnixTimeSeconds(seconds).AddTicks(nanos / 100);
    }

    /// <summary>
    /// Docker filters: a JSON map from key to a set, written as {"name":{"x":true}} by current clients and as
    /// {"name":["x"]} by old ones. Values within one key are alternatives; keys must all match.
    /// </summary>
    public static Dictionary<string, List<string>> Filters(HttpRequest request)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var text = String(request, "filters");
        if (text is null) return result;
        try
        {
            using var doc = JsonDocument.Parse(text);
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new JsonException("filters must be an object");
            foreach (var key in doc.RootElement.EnumerateObject())
            {
                var values = new List<string>();
                if (key.Value.ValueKind == JsonValueKind.Object)
                {
                    foreach (var v in key.Value.EnumerateObject())
                        if (v.Value.ValueKind != JsonValueKind.False) values.Add(v.Name);
                }
                else if (key.Value.ValueKind == JsonValueKind.Array)
                {
                    foreach (var v in key.Value.EnumerateArray()) values.Add(v.GetString() ?? "");
                }
                else throw new JsonException($"filter \"{key.Name}\" must be a map or a list");
                result[key.Name] = values;
            }
        }
        catch (JsonException e)
        {
            throw new DockerApiException(StatusCodes.Status400BadRequest, $"invalid filter: {e.Message}");
        }
        return result;
    }
}
