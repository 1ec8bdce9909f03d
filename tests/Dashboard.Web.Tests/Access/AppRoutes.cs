using System.Text.RegularExpressions;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Dashboard.Web.Tests.Access;

/// <summary>
/// The real app's endpoints, read the way the framework reads them: every data source of the app (the APIs, the hub,
/// /metrics, the pages and the circuit's /_blazor endpoints, the static files and fallbacks), the app's own router to
/// tell which endpoint a request reaches, and what each endpoint declares (its policy, its audit action).
/// </summary>
public sealed partial class AppRoutes
{
    private static readonly string[] StateChanging = ["POST", "PUT", "DELETE", "PATCH"];
    private readonly IEndpointRouteBuilder _app;
    private readonly RequestDelegate _router;

    public AppRoutes(WebApplication app)
    {
        _app = app;
        // The app's routing (its matcher, BareRoutePolicy included) over the app's data sources, stopping where the
        // endpoint would run.
        var pipeline = new ApplicationBuilder(app.Services);
        pipeline.UseRouting();
        pipeline.Use((HttpContext _, RequestDelegate _) => Task.CompletedTask);
        pipeline.UseEndpoints(e => { foreach (var source in _app.DataSources) e.DataSources.Add(source); });
        _router = pipeline.Build();
    }

    public IReadOnlyList<Endpoint> Endpoints => _app.DataSources.SelectMany(s => s.Endpoints).ToList();

    /// <summary>The endpoint <paramref name="method"/> <paramref name="pathAndQuery"/> reaches (null: none), with its
    /// route values.</summary>
    public async Task<(Endpoint? Endpoint, RouteValueDictionary Values)> ResolveAsync(string method, string pathAndQuery)
    {
        var context = new DefaultHttpContext { RequestServices = _app.ServiceProvider };
        context.Request.Method = method;
        var query = pathAndQuery.IndexOf('?');
        context.Request.Path = query < 0 ? pathAndQuery : pathAndQuery[..query];
        if (query >= 0) context.Request.QueryString = new QueryString(pathAndQuery[query..]);
        await _router(context);
        return (context.GetEndpoint(), context.Request.RouteValues);
    }

    /// <summary>The same endpoint (a route group builds its endpoints afresh each time they are read, so not by reference).</summary>
    public static bool Same(Endpoint? a, Endpoint b) =>
        a is not null && a.DisplayName == b.DisplayName && Name(a) == Name(b) && (a as RouteEndpoint)?.Order == (b as RouteEndpoint)?.Order;

    public static string Name(Endpoint endpoint) =>
        $"{string.Join(",", Methods(endpoint) ?? ["*"])} {(endpoint as RouteEndpoint)?.RoutePattern.RawText ?? endpoint.DisplayName}";

    /// <summary>The methods the endpoint takes; null for any.</summary>
    public static IReadOnlyList<string>? Methods(Endpoint endpoint) => endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods;

    public static bool TakesStateChangingVerb(Endpoint endpoint) =>
        Methods(endpoint) is not { } methods || methods.Any(m => StateChanging.Contains(m, StringComparer.OrdinalIgnoreCase));

    /// <summary>An explicit [AllowAnonymous], [Authorize] (with or without a policy) or policy object.</summary>
    public static bool DeclaresPolicy(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null || endpoint.Metadata.GetMetadata<IAuthorizeData>() is not null
        || endpoint.Metadata.GetMetadata<AuthorizationPolicy>() is not null;

    public static bool DeclaresAudit(Endpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Audited>() is not null || endpoint.Metadata.GetMetadata<NotAudited>() is not null;

    public static bool IsPage(Endpoint endpoint) => endpoint.Metadata.GetMetadata<ComponentTypeMetadata>() is not null;

    /// <summary>What the endpoint declares a request needs, read from its metadata alone: null for anyone, "unix-socket",
    /// or the least role.</summary>
    public static string? DeclaredMinimum(Endpoint endpoint, HttpContext request)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null) return null;
        var needs = new List<string>();
        foreach (var data in endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>())
            needs.Add(data.Policy ?? Roles.Viewer); // [Authorize] alone: any signed-in user, and every user has a role
        foreach (var policy in endpoint.Metadata.GetOrderedMetadata<AuthorizationPolicy>())
        foreach (var requirement in policy.Requirements)
        {
            if (requirement is RolesAuthorizationRequirement roles) needs.Add(Roles.Least(roles.AllowedRoles));
            else if (requirement is RequestRoleRequirement perRequest && perRequest.MinimumFor(request) is { } minimum) needs.Add(minimum);
        }
        if (needs.Count == 0) return null;
        if (needs.Contains(Roles.Policies.UnixSocket)) return Roles.Policies.UnixSocket;
        return Roles.All.First(needs.Contains); // the highest asked for
    }

    /// <summary>A concrete path for <paramref name="endpoint"/>'s pattern: each parameter filled with a value the
    /// route accepts (a container that does not exist, a file name for a file route, the current API version).</summary>
    public static string Path(RouteEndpoint endpoint)
    {
        var parts = new List<string>();
        foreach (var segment in endpoint.RoutePattern.PathSegments)
            parts.Add(string.Concat(segment.Parts.Select(part => part switch
            {
                RoutePatternLiteralPart literal => literal.Content,
                RoutePatternSeparatorPart separator => separator.Content,
                RoutePatternParameterPart parameter => Value(parameter),
                _ => throw new InvalidOperationException($"unexpected route part in {endpoint.RoutePattern.RawText}"),
            })));
        return "/" + string.Join("/", parts);
    }

    private static string Value(RoutePatternParameterPart parameter) => parameter.Name switch
    {
        "apiVersion" => "1.44",
        "IdOrName" => "web",
        "Tab" => "logs",
        _ when parameter.ParameterPolicies.Any(p => p.Content == "file") => "nope.txt",
        _ => "nope",
    };
}
