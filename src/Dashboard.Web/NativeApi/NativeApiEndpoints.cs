namespace Dashboard.Web.NativeApi;

/// <summary>
/// The native REST API under /api, used by dashctl: camelCase JSON (<see cref="Dashboard.Contracts.ContractJson"/>),
/// RFC 7807 problems for every engine error and NDJSON for followed logs.
/// </summary>
public static class NativeApiEndpoints
{
    /// <summary>Maps /api/containers and /api/images. Needs IContainerEngine and IImageService in DI.</summary>
    public static IEndpointRouteBuilder MapNativeApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api");
        api.AddEndpointFilter<EngineProblemFilter>();
        api.MapContainerEndpoints();
        api.MapContainerLogEndpoints();
        api.MapImageEndpoints();
        // A mistyped path gets a problem body too, not an empty 404; real routes under /api always win.
        api.MapFallback("{**path}", (HttpContext ctx) => TypedResults.Problem(
            detail: $"There is no native API endpoint {ctx.Request.Method} {ctx.Request.Path}.",
            statusCode: StatusCodes.Status404NotFound, title: "Not found."));
        return app;
    }
}
