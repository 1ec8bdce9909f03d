using System.Globalization;
using Dashboard.Engine;

namespace Dashboard.Web.NativeApi;

/// <summary>
/// Reads query parameters by hand so that "?all=yes" is a 400 naming the parameter, not a bare framework 400,
/// and so that every bad parameter of a request is reported at once.
/// </summary>
internal sealed class QueryReader(IQueryCollection query)
{
    private readonly List<FieldError> _errors = [];

    public string? String(string name) => query.TryGetValue(name, out var v) && !string.IsNullOrEmpty(v.ToString()) ? v.ToString() : null;

    public IReadOnlyList<string> All(string name) =>
        query.TryGetValue(name, out var v) ? v.Where(s => !string.IsNullOrEmpty(s)).Select(s => s!).ToArray() : [];

    public bool Bool(string name, bool fallback = false)
    {
        var raw = String(name);
        if (raw is null) return fallback;
        switch (raw.ToLowerInvariant())
        {
            case "1" or "true" or "yes": return true;
            case "0" or "false" or "no": return false;
            default:
                _errors.Add(new FieldError(name, $"\"{raw}\" is not a boolean; use true or false."));
                return fallback;
        }
    }

    public int? Int(string name, int min = int.MinValue)
    {
        var raw = String(name);
        if (raw is null) return null;
        if (int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min) return value;
        _errors.Add(new FieldError(name, $"\"{raw}\" is not a whole number{(min > int.MinValue ? $" of at least {min}" : "")}."));
        return null;
    }

    /// <summary>"all" (or absent) means everything; otherwise a non-negative count.</summary>
    public int? Tail(string name)
    {
        var raw = String(name);
        if (raw is null || raw.Equals("all", StringComparison.OrdinalIgnoreCase)) return null;
        if (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var n)) return n;
        _errors.Add(new FieldError(name, $"\"{raw}\" is not a line count; use a number or \"all\"."));
        return null;
    }

    public DateTimeOffset? Time(string name, DateTimeOffset now)
    {
        var raw = String(name);
        if (raw is null) return null;
        if (TimeParser.TryParse(raw, now, out var time)) return time;
        _errors.Add(new FieldError(name, $"\"{raw}\" is not a time; use RFC 3339 (2024-01-02T15:04:05Z), Unix seconds or a duration like 10m."));
        return null;
    }

    /// <summary>Reports every parameter not in <paramref name="known"/> (a typo must not be silently ignored).</summary>
    public void OnlyKnown(IReadOnlyCollection<string> known)
    {
        foreach (var name in query.Keys)
            if (!known.Contains(name))
                _errors.Add(new FieldError(name, $"Unknown parameter; this endpoint takes {string.Join(", ", known)}."));
    }

    public void Fail(string name, string message) => _errors.Add(new FieldError(name, message));

    public void ThrowIfInvalid()
    {
        if (_errors.Count > 0) throw new ValidationException(_errors);
    }
}
