namespace Dashboard.Web.DockerApi;

/// <summary>Matches the "X.Y" of a "/vX.Y" prefix. A constraint object rather than an inline regex, so the routes
/// also work on hosts built with CreateSlimBuilder (which leaves out regex constraints).</summary>
internal sealed class ApiVersionRouteConstraint : IRouteConstraint
{
    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value) && value is string text && DockerApiVersion.Parse(text) is not null;
}
