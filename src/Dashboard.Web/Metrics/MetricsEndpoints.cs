using Dashboard.Web.Access;
using Dashboard.Web.Hosting;

namespace Dashboard.Web.Metrics;

/// <summary>GET /metrics: container metrics in the Prometheus text format.</summary>
public static class MetricsEndpoints
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Registers <see cref="ContainerMetrics"/> (it needs IContainerEngine and IStatsService).</summary>
    public static IServiceCollection AddContainerMetrics(this IServiceCollection services) =>
        services.AddSingleton<ContainerMetrics>();

    /// <summary>Maps /metrics: a viewer's read, or open to anyone when Api:MetricsOverTcp says a scraper may read it
    /// without a token. Needs <see cref="AddContainerMetrics"/>.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app, string pattern = "/metrics")
    {
        app.MapGet(pattern, async (HttpContext ctx) =>
        {
            ctx.Response.ContentType = ContentType;
            await ctx.RequestServices.GetRequiredService<ContainerMetrics>().WriteAsync(ctx.Response.Body, ctx.RequestAborted);
        }).RequireRole(ctx => ctx.RequestServices.GetRequiredService<ApiOptions>().MetricsOverTcp ? null : Roles.Viewer);
        return app;
    }
}
