using System.Globalization;
using System.Text.RegularExpressions;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Images;

namespace Dashboard.Web.DockerApi;

/// <summary>docker ps --filter: id (prefix), name (regex on the name, as moby), status, label (key or key=value),
/// ancestor (the container's image, by name, tag, ID or digest), exited (exit code), before and since (another
/// container, by creation time).</summary>
internal static class ContainerFilters
{
    private static readonly HashSet<string> Known = ["id", "name", "status", "label", "ancestor", "exited", "before", "since"];
    private static readonly HashSet<string> Statuses = ["created", "restarting", "running", "removing", "paused", "exited", "dead"];

    /// <summary>Refuses unknown keys up front, as moby does, so a typo is never mistaken for "no containers".</summary>
    public static void Validate(IReadOnlyDictionary<string, List<string>> filters)
    {
        foreach (var key in filters.Keys)
            if (!Known.Contains(key))
                throw new DockerApiException(StatusCodes.Status400BadRequest, $"invalid filter '{key}'");
        if (filters.TryGetValue("exited", out var codes))
            foreach (var code in codes)
                if (!int.TryParse(code, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                    throw new DockerApiException(StatusCodes.Status400BadRequest,
                        $"invalid filter 'exited={code}': the exit code must be an integer");
        if (filters.TryGetValue("status", out var statuses))
            foreach (var status in statuses)
                if (!Statuses.Contains(status))
                    throw new DockerApiException(StatusCodes.Status400BadRequest,
                        $"invalid filter 'status={status}': must be one of {string.Join(", ", Statuses)}");
    }

    /// <summary>Resolves the filters that name other objects once per listing: images for ancestor, containers for
    /// before and since (an unknown container is a 404, as in moby; an unknown image matches nothing).</summary>
    public static ResolvedFilters Resolve(IReadOnlyDictionary<string, List<string>> filters, IContainerEngine engine, IImageService images)
    {
        var ancestors = new HashSet<string>(StringComparer.Ordinal);
        foreach (var reference in filters.GetValueOrDefault("ancestor") ?? [])
            if (images.TryResolve(reference, out var image)) ancestors.Add(image.Id);
        return new ResolvedFilters(ancestors,
            Latest(filters.GetValueOrDefault("before"), engine, earliest: true),
            Latest(filters.GetValueOrDefault("since"), engine, earliest: false));
    }

    /// <summary>For several before= values moby keeps the earliest container; for several since= the latest.</summary>
    private static DateTimeOffset? Latest(List<string>? references, IContainerEngine engine, bool earliest)
    {
        if (references is null || references.Count == 0) return null;
        var times = references.Select(r => engine.Get(r).Created);
        return earliest ? times.Min() : times.Max();
    }

    public static bool Matches(ContainerRecord container, IReadOnlyDictionary<string, List<string>> filters, ResolvedFilters resolved)
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
                "ancestor" => resolved.AncestorImageIds.Contains(container.ImageId) || values.Contains(container.Config.Image),
                "exited" => container.State.Status == ContainerStatus.Exited
                    && values.Any(v => int.Parse(v, CultureInfo.InvariantCulture) == container.State.ExitCode),
                "before" => container.Created < resolved.CreatedBefore,
                "since" => container.Created > resolved.CreatedSince,
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

/// <summary>What the ancestor, before and since filters name, looked up once for a whole listing.</summary>
internal sealed record ResolvedFilters(IReadOnlySet<string> AncestorImageIds, DateTimeOffset? CreatedBefore, DateTimeOffset? CreatedSince);
