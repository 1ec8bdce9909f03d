using Dashboard.Engine.Events;
using Dashboard.Web.Components.Events;

namespace Dashboard.Web.Components.Alerts;

/// <summary>What an OOM notification says, taken from an "oom" event or a "die" event with oomKilled=true.</summary>
public sealed record OomAlert(string Container, string? Victim, string? MemoryLimit)
{
    /// <summary>The alert for <paramref name="e"/>, or null when the event is not an OOM kill.</summary>
    public static OomAlert? From(EngineEvent e)
    {
        if (!e.IsOomKill) return null;
        var command = e.Attribute(EventAttributeKeys.VictimCommand);
        var pid = e.Attribute(EventAttributeKeys.VictimPid);
        var victim = (command, pid) switch
        {
            (not null, not null) => $"{command} (pid {pid})",
            (not null, null) => command,
            (null, not null) => $"pid {pid}",
            _ => null,
        };
        var limit = e.Attribute(EventAttributeKeys.MemoryLimit) is { } raw ? EventText.FormatAttribute(EventAttributeKeys.MemoryLimit, raw) : null;
        return new OomAlert(EventText.ActorName(e), victim, limit);
    }

    public string Text =>
        $"Out of memory in {Container}"
        + (Victim is null ? "" : $": the kernel killed {Victim}")
        + (MemoryLimit is null ? "" : $" (memory limit {MemoryLimit})");
}
