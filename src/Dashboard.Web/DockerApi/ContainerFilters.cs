using System.Text.RegularExpressions;
using Dashboard.Engine.Containers;

namespace Dashboard.Web.DockerApi;

/// <summary>docker ps --filter: id (prefix), name (regex on the name, as moby), status, label (key or key=value).</summary>
internal static class ContainerFilters
{
    private static readonly HashSet<string> Known = ["id", "name", "status", "label"];
    private static readonly HashSet<string> Statuses = ["created", "restarting", "running", "removing", "paused", "exited", "dead"];

    /// <summary>Refuses unknown keys up front, as moby does, so a typo is never mistaken for "no containers".</summary>
    public static void Validate(IReadOnlyDictionary<string, List<string>> filters)
    {
        foreach (var key in filters.Keys)
            if (!Known.Contains(key))
                throw new DockerApiException(StatusCodes.Status400BadRequest, $"invalid filter '{key}'");
        if (filters.TryGetValue("status", out var statuses))
            foreach (var status in statuses)
                if (!Statuses.Contains(status))
                    throw new DockerApiException(StatusCodes.Status400BadRequest,
                        $"invalid filter 'status={status}': must be one of {string.Join(", ", Statuses)}");
    }

    public static bool Matches(ContainerRecord container, IReadOnlyDictionary<string, List<string>> filters)
    {
        foreach (var (key, values) in filters)
        {
            if (values.Count == 0) continue;
            var ok = key switch
            {
                "id" => values.Any(v => container.Id.StartsWith(v, StringComparison.Ordinal)),
                "name" => values.Any(v => NameMatches(container.Name, v)),
                "status" => values.Any(v => StatusMatches(container, v)),
                "label" => values.All(v => LabelMatches(container, v)),
                _ => true,
            };
            if (!ok) return false;
        }
        return true;
    }

    private static bool NameMatches(string name, string pattern)
    {
        try
        {
            return Regex.IsMatch("/" + name, pattern, RegexOptions.None, TimeSpan.FromMilliseconds(100));
        }
        catch (ArgumentException)
        {
            return name.Contains(pattern.TrimStart('/'), StringComparison.Ordinal);
        }
    }

    private static bool StatusMatches(ContainerRecord container, string status)
    {
        if (!Statuses.Contains(status))
            throw new DockerApiException(StatusCodes.Status400BadRequest,
                $"invalid filter 'status={status}': must be one of {string.Join(", ", Statuses)}");
        return container.State.Status.DockerName() == status;
    }

    /// <summary>Every label filter must hold (moby's MatchKVList).</summary>
    private static bool LabelMatches(ContainerRecord container, string filter)
    {
        var eq = filter.IndexOf('=');
        if (eq < 0) return container.Config.Labels.ContainsKey(filter);
        return container.Config.Labels.TryGetValue(filter[..eq], out var value) && value == filter[(eq + 1)..];
    }
}
