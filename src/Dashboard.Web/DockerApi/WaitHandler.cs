using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Web.DockerApi.Models;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// POST /containers/{id}/wait. The docker CLI sends it before /start and blocks until the response headers arrive,
/// so: look the container up (a proper 404), register the waiter, flush 200 headers, then wait for the body.
/// </summary>
internal static class WaitHandler
{
    public static async Task WaitAsync(HttpContext context)
    {
        var engine = ContainerHandlers.Engine(context);
        var condition = DockerQuery.String(context.Request, "condition") switch
        {
            null or "not-running" => WaitCondition.NotRunning,
            "next-exit" => WaitCondition.NextExit,
            "removed" => WaitCondition.Removed,
            var other => throw new DockerApiException(StatusCodes.Status400BadRequest,
                $"invalid condition: \"{other}\" (must be not-running, next-exit or removed)"),
        };
        var record = engine.Get(ContainerHandlers.Id(context));
        // WaitAsync registers before it first yields, so an exit right after the flush below is not missed.
        var wait = engine.WaitAsync(record.Id, condition, context.RequestAborted);

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = DockerJson.ContentType;
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);

        WaitResponse response;
        try
        {
            var result = await wait;
            response = new WaitResponse(result.StatusCode, result.Error is null ? null : new WaitError(result.Error));
        }
        catch (EngineException e)
        {
            // Headers are gone already; moby reports such failures in the body's Error.
            response = new WaitResponse(-1, new WaitError(e.Message));
        }
        await DockerJson.WriteAsync(context, response);
    }
}
