using Microsoft.AspNetCore.Authorization;

namespace Dashboard.Web.Access;

/// <summary>
/// How a route says who may use it, next to where it is mapped (no table of paths anywhere): a fixed role
/// (<c>.RequireRole(Roles.Operator)</c>, a policy of <see cref="Roles.Policies"/>), a role that depends on the request
/// (<c>.RequireRole(ctx =&gt; ...)</c>), the unix socket only, or <c>.AllowAnonymous()</c>. Route groups declare it
/// once for their routes. The authorization middleware enforces it after routing; <see cref="AccessRefusals"/> words the
/// refusals. A test enumerates every endpoint of the app and fails on one that declares nothing.
/// </summary>
public static class RouteAccess
{
    /// <summary>Needs at least <paramref name="minimum"/> (a role of <see cref="Roles"/>).</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, string minimum) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(minimum switch
        {
            Roles.Admin => Roles.Policies.Admin,
            Roles.Operator => Roles.Policies.Operator,
            Roles.Viewer => Roles.Policies.Viewer,
            _ => throw new ArgumentOutOfRangeException(nameof(minimum), minimum, "not a role"),
        });

    /// <summary>Needs the role <paramref name="minimumFor"/> names for each request (null: anyone, no login needed).
    /// For example, an attach whose stdin=true writes to the container:
    /// <c>.RequireRole(ctx =&gt; QueryFlag(ctx, "stdin") ? Roles.Operator : Roles.Viewer)</c>.</summary>
    public static TBuilder RequireRole<TBuilder>(this TBuilder builder, Func<HttpContext, string?> minimumFor) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(new AuthorizationPolicyBuilder().AddRequirements(new RequestRoleRequirement(minimumFor)).Build());

    /// <summary>Served on the unix socket only; over TCP it is 403 whoever asks.</summary>
    public static TBuilder RequireUnixSocket<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization(Roles.Policies.UnixSocket).WithMetadata(UnixSocketOnly.Instance);

    /// <summary>A read (GET, HEAD, OPTIONS) needs a viewer, anything else an operator: the rule for paths no route
    /// claims (the APIs' 404 answers and the fallback policy), so a viewer's POST anywhere is refused as an action.</summary>
    public static string ReadOrAct(HttpContext context) => IsRead(context.Request.Method) ? Roles.Viewer : Roles.Operator;

    public static bool IsRead(string method) => HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);

    /// <summary>True when the query names <paramref name="name"/> with anything but an explicit no (false, 0, no):
    /// a flag a request sets to ask for more (attach's stdin).</summary>
    public static bool QueryFlag(HttpContext context, string name) =>
        context.Request.Query[name].Any(v => v is not null && !(v.Equals("false", StringComparison.OrdinalIgnoreCase) || v == "0"
            || v.Equals("no", StringComparison.OrdinalIgnoreCase)));
}

/// <summary>Marks a route served on the unix socket only (<see cref="RouteAccess.RequireUnixSocket{TBuilder}"/>), so
/// its refusal says so.</summary>
public sealed class UnixSocketOnly
{
    public static readonly UnixSocketOnly Instance = new();
    private UnixSocketOnly() { }
}
