using Dashboard.Engine.Events;
using Dashboard.Web.DockerApi.Models;

namespace Dashboard.Web.DockerApi;

/// <summary>Engine events as moby's events.Message, and moby's events filters (daemon/events/filter.go).</summary>
internal static class EventMapper
{
    /// <summary>Our action names where Docker's differ.</summary>
    public static string DockerAction(EngineEvent e) => e.Action switch
    {
        EventActions.LimitsUpdated => "update",
        // Image actions are moby's already (import, load, delete); tolerate past-tense spellings.
        "imported" => "import",
        "loaded" => "load",
        "deleted" or "removed" or "remove" when e.Type == EventTypes.Image => EventActions.Delete,
        // moby writes the command into these two: "exec_create: sh -c exit 3".
        EventActions.ExecCreate or EventActions.ExecStart when e.Attribute(EventAttributeKeys.ExecCommand) is { } command => $"{e.Action}: {command}",
        _ => e.Action,
    };

    public static EventMessageModel Map(EngineEvent e, bool legacy)
    {
        var action = DockerAction(e);
        var unixNanos = (e.Time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        var container = e.Type == EventTypes.Container;
        var backfill = legacy && (container || e.Type == EventTypes.Image);
        return new EventMessageModel
        {
            // backFillLegacy: status and id for containers and images, from (the image) for containers only.
            Status = backfill ? action : null,
            Id = backfill ? e.ActorId : null,
            From = backfill && container && e.Attribute(EventAttributeKeys.Image) is { } image ? image : null,
            Type = e.Type,
            Action = action,
            Actor = new EventActorModel(e.ActorId, e.Attribute(EventAttributeKeys.ExecCommand) is null
                ? e.Attributes
                : e.Attributes.Where(a => a.Key != EventAttributeKeys.ExecCommand).ToDictionary()),
            Time = unixNanos / 1_000_000_000,
            TimeNano = unixNanos,
        };
    }

    /// <summary>Keys must all match; values within a key are alternatives.</summary>
    public static bool Matches(EngineEvent e, IReadOnlyDictionary<string, List<string>> filters)
    {
        foreach (var (key, values) in filters)
        {
            if (values.Count == 0) continue;
            var ok = key switch
            {
                "type" => values.Contains(e.Type),
                "event" or "action" => values.Contains(DockerAction(e)) || values.Contains(DockerAction(e).Split(':', 2)[0]),
                "container" => e.Type == EventTypes.Container && values.Any(v => Fuzzy(e.ActorId, v) || Fuzzy(e.Attribute(EventAttributeKeys.Name), v)),
                "image" => values.Any(v => ImageMatches(e, v)),
                "network" => e.Type == EventTypes.Network && values.Any(v => Fuzzy(e.ActorId, v) || e.Attribute(EventAttributeKeys.Name) == v),
                "label" => values.Any(v => LabelMatches(e, v)),
                "scope" => values.Contains("local"),
                _ => throw new DockerApiException(StatusCodes.Status400BadRequest, $"invalid filter '{key}'"),
            };
            if (!ok) return false;
        }
        return true;
    }

    // moby's FuzzyMatch: exact, or the filter value is a prefix of the source.
    private static bool Fuzzy(string? source, string value) =>
        source is not null && value.Length > 0 && source.StartsWith(value, StringComparison.Ordinal);

    private static bool ImageMatches(EngineEvent e, string value)
    {
        string?[] candidates = e.Type == EventTypes.Image
            ? [e.ActorId, e.Attribute(EventAttributeKeys.Name)]
            : [e.Attribute(EventAttributeKeys.Image)];
        return candidates.Any(c => c is not null && (c == value || (StripTag(value) == value && StripTag(c) == value)
            || (value.StartsWith("sha256:", StringComparison.Ordinal) is false && c == "sha256:" + value)));
    }

    private static string StripTag(string image)
    {
        var at = image.IndexOf('@');
        if (at >= 0) image = image[..at];
        var colon = image.LastIndexOf(':');
        return colon > image.LastIndexOf('/') ? image[..colon] : image;
    }

    private static bool LabelMatches(EngineEvent e, string value)
    {
        var eq = value.IndexOf('=');
        return eq < 0 ? e.Attributes.ContainsKey(value) : e.Attribute(value[..eq]) == value[(eq + 1)..];
    }
}
