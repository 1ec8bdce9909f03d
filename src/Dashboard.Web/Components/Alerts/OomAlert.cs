using Dashboard.Engine.Events;
using Dashboard.Web.Components.Events;

namespace Dashboard.Web.Components.Alerts;

/// <summary>What an OOM notification says, taken from an "oom" event or a "die" event with oomKilled=true.</summary>
public sealed record OomAlert(string Container, string? Victim, string? MemoryLimit)
{
    /// <summary>The alert for <paramref name="e"/>, or null when the event is not an OOM kill.</summary>
    public static OomAlert? From(EngineEvent e)
    {
        if (e.Type != "container") return null;
        var isOom = e.Action == "oom"
                    || (e.Action == "die" && EventText.Attribute(e, "oomKilled") == "true");
        if (!isOom) return null;
        var command = EventText.Attribute(e, "victimCommand");
        var pid = EventText.Attribute(e, "victimPid");
        var victim = (command, pid) switch
        {
            (not null, not null) => $"{command} (pid {pid})",
            (not null, null) => command,
            (null, not null) => $"pid {pid}",
            _ => null,
        };
        var limit = EventText.Attribute(e, "memoryLimit") is { } raw ? EventText.FormatAttribute("memoryLimit", raw) : null;
        return new OomAlert(EventText.ActorName(e), victim, limit);
    }

    public string Text =>
        $"Out of memory in {Container}"
        + (Victim is null ? "" : $": the kernel killed {Victim}")
        + (MemoryLimit is null ? "" : $" (memory limit {MemoryLimit})");
}
