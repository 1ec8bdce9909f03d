namespace Dashboard.Web.Metrics;

/// <summary>GET /metrics: container metrics in the Prometheus text format.</summary>
public static class MetricsEndpoints
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Maps /metrics. Needs IContainerEngine and IStatsService in DI; uses a registered
    /// <see cref="ContainerMetrics"/> if there is one, otherwise creates one on the first scrape.</summary>
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder app, string pattern = "/metrics")
    {
        var metrics = new Lazy<ContainerMetrics>(() =>
            app.ServiceProvider.GetService<ContainerMetrics>() ?? ActivatorUtilities.CreateInstance<ContainerMetrics>(app.ServiceProvider));
        app.MapGet(pattern, async (HttpContext ctx) =>
        {
            ctx.Response.ContentType = ContentType;
            await metrics.Value.WriteAsync(ctx.Response.Body, ctx.RequestAborted);
        });
        return app;
    }
}
