using Dashboard.Web.Access;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// The Docker Engine API's routes that this daemon does not serve. Each answers 501 naming the feature and the command
/// a user typed, where moby's mux would answer its bare 404 "page not found": a 404 reads like a typo or a missing
/// container, a 501 says what is missing. Mapped after the real routes (<see cref="Order"/>), so a feature that lands
/// takes its paths over without touching this table. Paths that are not Docker's at all keep moby's 404.
/// </summary>
internal static class NotImplementedRoutes
{
    /// <summary>Later than every real route (order 0): a real route on the same path always wins.</summary>
    public const int Order = 500;

    private const string Any = "*";

    private sealed record Missing(string Method, string Pattern, string Feature);

    private static readonly Missing[] s_missing =
    [
        new("POST", "/containers/{id}/rename", "docker rename"),
        new("GET", "/containers/{id}/attach/ws", "attach over a WebSocket (the native API has GET /api/containers/{ref}/attach)"),

        new("POST", "/images/prune", "docker image prune"),
        new("POST", "/build", "docker build"),
        new("POST", "/build/prune", "docker builder prune"),
        new("POST", "/build/cancel", "docker build"),
        new("POST", "/commit", "docker commit"),
        new("POST", "/session", "BuildKit (docker buildx)"),
        new("POST", "/grpc", "BuildKit (docker buildx)"),
        new("GET", "/distribution/{**name}", "registries (docker pull, docker manifest)"),
        new("GET", "/system/df", "docker system df"),

        new("PUT", "/volumes/{name}", "cluster volumes (docker volume update)"),

        new(Any, "/swarm", "swarm mode"),
        new(Any, "/swarm/{**rest}", "swarm mode"),
        new(Any, "/nodes", "swarm mode (docker node)"),
        new(Any, "/nodes/{**rest}", "swarm mode (docker node)"),
        new(Any, "/services", "swarm mode (docker service)"),
        new(Any, "/services/{**rest}", "swarm mode (docker service)"),
        new(Any, "/tasks", "swarm mode (docker service ps)"),
        new(Any, "/tasks/{**rest}", "swarm mode (docker service ps)"),
        new(Any, "/secrets", "swarm mode (docker secret)"),
        new(Any, "/secrets/{**rest}", "swarm mode (docker secret)"),
        new(Any, "/configs", "swarm mode (docker config)"),
        new(Any, "/configs/{**rest}", "swarm mode (docker config)"),
        new(Any, "/plugins", "plugins (docker plugin)"),
        new(Any, "/plugins/{**rest}", "plugins (docker plugin)"),
    ];

    /// <summary>Image routes under the catch-all GET and POST /images/{**name} (names hold "/"): the action is the last
    /// path segment, or the whole path for the routes without a name (GET /images/search, GET /images/get).</summary>
    private static readonly Dictionary<string, string> s_imageActions = new(StringComparer.Ordinal)
    {
        ["GET search"] = "docker search",
        ["GET history"] = "docker history",
        ["GET get"] = "docker save",
        ["POST push"] = "docker push (registries)",
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        foreach (var missing in s_missing)
        {
            var handler = Refusal(missing.Feature);
            var route = missing.Method == Any ? app.Map(missing.Pattern, handler) : app.MapMethods(missing.Pattern, [missing.Method], handler);
            route.WithOrder(Order).RequireRole(RouteAccess.ReadOrAct).NotAudited("answers 501: nothing is done");
        }
        // GET /images/{name}/json (inspect) and POST /images/{name}/tag are real routes in ImageHandlers, which
        // refuse the other actions under the same catch-all with ForImageAction.
    }

    /// <summary>The 501 for an image route's action (GET .../history, POST .../push), or null when the path names
    /// none of Docker's image actions.</summary>
    public static DockerApiException? ForImageAction(HttpContext context, string nameAndAction)
    {
        var method = context.Request.Method;
        var slash = nameAndAction.LastIndexOf('/');
        var action = nameAndAction[(slash + 1)..];
        var unnamed = slash < 0 && action is "search" or "get";
        if ((slash <= 0 && !unnamed) || !s_imageActions.TryGetValue($"{method} {action}", out var feature)) return null;
        return NotImplemented(feature, method, context.Request.Path.Value ?? "");
    }

    private static RequestDelegate Refusal(string feature) => DockerApiEndpoints.Handle(context =>
        throw NotImplemented(feature, context.Request.Method, context.Request.Path.Value ?? ""));

    private static DockerApiException NotImplemented(string feature, string method, string path) =>
        new(StatusCodes.Status501NotImplemented,
            $"not implemented: {feature} is not supported by this daemon (Dashboard); {method} {path} was not served");
}
