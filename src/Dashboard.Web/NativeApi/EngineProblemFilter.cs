namespace Dashboard.Web.NativeApi;

/// <summary>Turns engine exceptions into problem responses, as long as the response has not started yet
/// (a failure in the middle of a stream can only end the stream).</summary>
internal sealed class EngineProblemFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (Exception ex) when (!context.HttpContext.Response.HasStarted && ProblemMapper.TryMap(ex, out var problem))
        {
            return problem;
        }
    }
}
