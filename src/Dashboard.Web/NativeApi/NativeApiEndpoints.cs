namespace Dashboard.Web.NativeApi;

/// <summary>
/// The native REST API under /api, used by dashctl: camelCase JSON (<see cref="Dashboard.Contracts.ContractJson"/>),
/// RFC 7807 problems for every engine error and NDJSON for followed logs.
/// </summary>
public static class NativeApiEndpoints
{
    /// <summary>Maps /api/containers, /api/images, /api/events and /api/namespaces. Needs IContainerEngine and IImageService in DI;
    /// the stats endpoints need IStatsService, /api/events needs EventHub and the namespace endpoints
    /// INamespaceInspector (resolved per request).</summary>
    public static IEndpointRouteBuilder MapNativeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.AddEndpointFilter<EngineProblemFilter>();
        api.MapContainerEndpoints();
        api.MapContainerLogEndpoints();
        api.MapContainerAttachEndpoints();
        api.MapContainerArchiveEndpoints();
        api.MapImageEndpoints();
        api.MapStatsEndpoints();
        api.MapEventEndpoints();
        api.MapNamespaceEndpoints();
        // A mistyped path gets a problem body too, not an empty 404; real routes under /api always win.
        api.MapFallback("{**path}", (HttpContext ctx) => TypedResults.Problem(
            detail: $"There is no native API endpoint {ctx.Request.Method} {ctx.Request.Path}.",
            statusCode: StatusCodes.Status404NotFound, title: "Not found."));
        return app;
    }
}
