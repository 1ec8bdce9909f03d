using Dashboard.Engine.Events;

namespace Dashboard.Web.Components.Events;

/// <summary>The events page's filters; empty values do not filter.</summary>
public sealed record EventFilter(string? Type = null, IReadOnlyCollection<string>? Actions = null, string? Name = null)
{
    public bool Matches(EngineEvent e) =>
        (string.IsNullOrEmpty(Type) || e.Type == Type)
        && (Actions is null || Actions.Count == 0 || Actions.Contains(e.Action))
        && (string.IsNullOrWhiteSpace(Name) || EventText.ActorName(e).Contains(Name.Trim(), StringComparison.OrdinalIgnoreCase));
}
