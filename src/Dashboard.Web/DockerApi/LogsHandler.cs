using System.Text;
using Dashboard.Engine.Containers;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// GET /containers/{id}/logs: multiplexed frames, chunked, headers flushed at once (moby#47448) so followers see
/// the stream open before the first line. With follow the stream ends when the container stops.
/// </summary>
internal static class LogsHandler
{
    public static async Task LogsAsync(HttpContext context)
    {
        var request = context.Request;
        var stdout = DockerQuery.Bool(request, "stdout");
        var stderr = DockerQuery.Bool(request, "stderr");
        if (!stdout && !stderr)
            throw new DockerApiException(StatusCodes.Status400BadRequest, "Bad parameters: you must choose at least one stream");
        var tailText = DockerQuery.String(request, "tail");
        int? tail = null;
        if (tailText is not null && tailText != "all")
        {
            if (!int.TryParse(tailText, out var n))
                throw new DockerApiException(StatusCodes.Status400BadRequest, $"invalid value for tail: \"{tailText}\" (a number or \"all\")");
            if (n >= 0) tail = n;
        }
        var options = new LogOptions
        {
            Stdout = stdout,
            Stderr = stderr,
            Follow = DockerQuery.Bool(request, "follow"),
            Tail = tail,
            Since = DockerQuery.UnixTime(request, "since"),
            Until = DockerQuery.UnixTime(request, "until"),
        };
        var timestamps = DockerQuery.Bool(request, "timestamps");
        var engine = ContainerHandlers.Engine(context);
        var record = engine.Get(ContainerHandlers.Id(context));

        // Headers first: a follower of a quiet container must see the stream open before any line exists.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = DockerApiVersion.StreamContentType(context, record.Config.Tty);
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);

        var body = context.Response.Body;
        try
        {
            await foreach (var entry in engine.ReadLogsAsync(record.Id, options, context.RequestAborted))
            {
                await StreamFrames.WriteEntryAsync(body, entry, timestamps, context.RequestAborted, raw: record.Config.Tty);
                if (options.Follow) await body.FlushAsync(context.RequestAborted);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // moby's way of reporting a failure mid-stream: a type-3 frame the client turns into an error.
            await StreamFrames.WriteAsync(body, StreamFrames.SystemError, Encoding.UTF8.GetBytes($"Error grabbing logs: {e.Message}"), context.RequestAborted);
        }
    }
}
