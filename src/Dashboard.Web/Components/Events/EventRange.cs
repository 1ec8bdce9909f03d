using Dashboard.Engine.Events;

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

    /// <summary>The actions the filter offers: the engine's own names, as the page shows them ("limits-updated", not the
    /// Docker API's "update"), because the filter compares with <see cref="EngineEvent.Action"/>.</summary>
    public static readonly IReadOnlyList<string> KnownActions =
    [
        EventActions.Create, EventActions.Start, EventActions.Die, EventActions.Oom, EventActions.Kill, EventActions.Stop,
        EventActions.Pause, EventActions.Unpause, EventActions.Restart, EventActions.Destroy, EventActions.LimitsUpdated,
        EventActions.Import, EventActions.Load, EventActions.Delete, EventActions.Untag, EventActions.Pull, EventActions.Tag,
        EventActions.ExecCreate, EventActions.ExecStart, EventActions.ExecDie, EventActions.ExecDetach,
        EventActions.Detach, EventActions.Resize,
        EventActions.ArchivePath, EventActions.ExtractToDir, EventActions.Export,
        EventActions.Connect, EventActions.Disconnect,
    ];
}
