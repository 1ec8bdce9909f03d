using Dashboard.Web.Access;

namespace Dashboard.Web.NativeApi;

/// <summary>
/// The native REST API under /api, used by dashctl: camelCase JSON (<see cref="Dashboard.Contracts.ContractJson"/>),
/// RFC 7807 problems for every engine error and NDJSON for followed logs.
/// </summary>
public static class NativeApiEndpoints
{
    /// <summary>Maps /api/containers, /api/images, /api/events, /api/namespaces and /api/networks. Needs IContainerEngine and IImageService in DI;
    /// the stats endpoints need IStatsService, /api/events needs EventHub and the namespace endpoints
    /// INamespaceInspector (resolved per request). Each area declares who may use its routes (reads: viewers; actions:
    /// operators, each with its audit action; the namespace inspector: admins), so the host must run authentication
    /// and authorization (Access/AccessSetup.cs).</summary>
    public static IEndpointRouteBuilder MapNativeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.AddEndpointFilter<EngineProblemFilter>();
        api.MapContainerEndpoints();
        api.MapContainerLogEndpoints();
        api.MapContainerAttachEndpoints();
        api.MapContainerExecEndpoints();
        api.MapContainerArchiveEndpoints();
        api.MapImageEndpoints();
        api.MapVolumeEndpoints();
        api.MapStatsEndpoints();
        api.MapEventEndpoints();
        api.MapNamespaceEndpoints();
        api.MapNetworkEndpoints();
        // A mistyped path gets a problem body too, not an empty 404; real routes under /api always win.
        api.MapFallback("{**path}", (HttpContext ctx) => TypedResults.Problem(
            detail: $"There is no native API endpoint {ctx.Request.Method} {ctx.Request.Path}.",
            statusCode: StatusCodes.Status404NotFound, title: "Not found."))
            .RequireRole(RouteAccess.ReadOrAct).NotAudited("answers 404: there is nothing to act on");
        return app;
    }
}
