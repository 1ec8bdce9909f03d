namespace Dashboard.Web.Components.Events;

/// <summary>The history ranges the events page offers.</summary>
public sealed record EventRange(string Label, TimeSpan Span)
{
    public static readonly IReadOnlyList<EventRange> All =
    [
        new("Last hour", TimeSpan.FromHours(1)),
        new("Last 6 hours", TimeSpan.FromHours(6)),
        new("Last 24 hours", TimeSpan.FromHours(24)),
        new("Last 7 days", TimeSpan.FromDays(7)),
        new("Last 30 days", TimeSpan.FromDays(30)),
    ];

    public static EventRange Default => All[2];

    public static readonly IReadOnlyList<string> KnownActions =
    [
        "create", "start", "die", "oom", "kill", "stop", "pause", "unpause", "restart", "destroy", "update",
        "import", "load", "delete", "tag", "untag",
    ];
}
