using System.Globalization;
using Dashboard.Engine.Events;

namespace Dashboard.Web.Components.Events;

/// <summary>How the UI names and formats event fields (shared by the events page and the OOM alerts).</summary>
public static class EventText
{
    /// <summary>The attributes worth a column: why a container stopped and what it was allowed.</summary>
    public static readonly IReadOnlyList<string> KeyAttributes =
    [
        EventAttributeKeys.ExitCode, EventAttributeKeys.OomKilled, EventAttributeKeys.MemoryLimit, EventAttributeKeys.Signal,
        EventAttributeKeys.VictimCommand, EventAttributeKeys.VictimPid, EventAttributeKeys.ExecCommand,
    ];

    /// <summary>The actor's name attribute, else its short id.</summary>
    public static string ActorName(EngineEvent e) =>
        e.Attribute(EventAttributeKeys.Name) is { Length: > 0 } name ? name : e.ActorId.Length > 12 ? e.ActorId[..12] : e.ActorId;

    public static string ContainerHref(string name) => "containers/" + Uri.EscapeDataString(name);

    /// <summary>An event attribute's display value: memory in binary units, the rest as sent.</summary>
    public static string FormatAttribute(string key, string value) =>
        key is EventAttributeKeys.MemoryLimit or EventAttributeKeys.MemoryUsage
        && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var bytes)
            ? ByteSize.Format(bytes)
            : value;
}
