namespace Dashboard.Web.Access;

/// <summary>
/// Endpoint metadata: a successful call of this route is recorded in the audit log as <see cref="Action"/>
/// ("container.start"), on the target <see cref="Target"/> reads from the request. Declared where the route is mapped
/// (<c>.Audited("container.start", AuditTarget.Route("id"))</c>) and written by <see cref="AuditMiddleware"/>.
/// </summary>
public sealed class Audited(string action, AuditTarget target)
{
    public string Action { get; } = action;
    public AuditTarget Target { get; } = target;
}

/// <summary>Endpoint metadata for a route that accepts a state-changing verb but is deliberately not audited, and why
/// (a wait, a stream, a transport, or an action that records itself). The endpoint test accepts it in place of
/// <see cref="Audited"/>.</summary>
public sealed class NotAudited(string reason)
{
    public string Reason { get; } = reason;
}

/// <summary>Where an audited call names its target: a route value, or the first non-empty of some query parameters
/// (a create names its container in ?name=), or nowhere.</summary>
public sealed class AuditTarget
{
    private readonly string? _routeValue;
    private readonly string[] _query;

    private AuditTarget(string? routeValue, string[] query) => (_routeValue, _query) = (routeValue, query);

    public static readonly AuditTarget None = new(null, []);

    public static AuditTarget Route(string name) => new(name, []);

    public static AuditTarget Query(params string[] names) => new(null, names);

    public string? Read(HttpContext context)
    {
        if (_routeValue is not null) return context.Request.RouteValues[_routeValue] as string;
        foreach (var name in _query)
            if (context.Request.Query.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value)) return value.ToString();
        return null;
    }

    public override string ToString() => _routeValue is not null ? "{" + _routeValue + "}" : _query.Length > 0 ? "?" + string.Join("|?", _query) : "-";
}

public static class AuditConventions
{
    /// <summary>Records each successful (2xx) call as <paramref name="action"/> on <paramref name="target"/>.</summary>
    public static TBuilder Audited<TBuilder>(this TBuilder builder, string action, AuditTarget? target = null) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new Audited(action, target ?? AuditTarget.None));

    /// <summary>Says why a route that takes a state-changing verb is not audited.</summary>
    public static TBuilder NotAudited<TBuilder>(this TBuilder builder, string reason) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new NotAudited(reason));
}
