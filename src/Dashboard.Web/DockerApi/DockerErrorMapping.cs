using Dashboard.Engine;

namespace Dashboard.Web.DockerApi;

/// <summary>Turns engine errors into moby's status codes (daemon/server/httpstatus) and {"message"} bodies.</summary>
internal static class DockerErrorMapping
{
    public static int StatusOf(Exception error) => error switch
    {
        DockerApiException api => api.StatusCode,
        NotFoundException => StatusCodes.Status404NotFound,
        ConflictException => StatusCodes.Status409Conflict,
        ValidationException or AmbiguousReferenceException or InvalidArchiveException => StatusCodes.Status400BadRequest,
        ImageLimitExceededException limit => limit.UploadTooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
        BadHttpRequestException bad => bad.StatusCode,
        // OciRuntimeException carries runc's own text: the CLI derives exit codes 126/127 from it.
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Writes the error if the response has not started; a started stream can only be cut off.</summary>
    public static async Task WriteAsync(HttpContext context, Exception error, ILogger logger)
    {
        var status = StatusOf(error);
        if (status >= 500) logger.LogError(error, "Docker API {Method} {Path} failed", context.Request.Method, context.Request.Path);
        else logger.LogDebug("Docker API {Method} {Path}: {Status} {Message}", context.Request.Method, context.Request.Path, status, error.Message);

        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }
        context.Response.Clear();
        DockerHeaders.Apply(context);
        await DockerJson.WriteErrorAsync(context, status, error.Message);
    }
}
