using Dashboard.Engine;

namespace Dashboard.Web.DockerApi;

/// <summary>Turns engine errors into moby's status codes (daemon/server/httpstatus) and {"message"} bodies.</summary>
internal static class DockerErrorMapping
{
    public static int StatusOf(Exception error) => error switch
    {
        DockerApiException api => api.StatusCode,
        NotFoundException => StatusCodes.Status404NotFound,
        Engine.ContainerFiles.ReadOnlyTargetException => StatusCodes.Status403Forbidden,
        StorageFullException => StatusCodes.Status507InsufficientStorage,
        IOException { HResult: 28 or 122 } => StatusCodes.Status507InsufficientStorage, // ENOSPC, EDQUOT
        ConflictException => StatusCodes.Status409Conflict,
        ValidationException or AmbiguousReferenceException or InvalidArchiveException => StatusCodes.Status400BadRequest,
        // A command an exec cannot run is the caller's (moby: startInvalidConfigError).
        Engine.Runtime.ExecStartFailedException => StatusCodes.Status400BadRequest,
        ImageLimitExceededException limit => limit.UploadTooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
        BadHttpRequestException bad => bad.StatusCode,
        Engine.Registry.RegistryUnauthorizedException => StatusCodes.Status401Unauthorized,
        // The registry failed or sent bad content: the daemon is its gateway here, not the fault.
        Engine.Registry.RegistryException => StatusCodes.Status502BadGateway,
        // OciRuntimeException carries runc's own text: the CLI derives exit codes 126/127 from it.
        _ => StatusCodes.Status500InternalServerError,
    };

    /// <summary>Writes the error if the response has not started; a started stream can only be cut off.</summary>
    public static async Task WriteAsync(HttpContext context, Exception error, ILogger logger)
    {
        var status = StatusOf(error);
        // A full disk is the host's condition, not a daemon bug: one line, no stack.
        // A 501 is a feature this daemon lacks, asked for by a client: no daemon fault either.
        if (status is StatusCodes.Status507InsufficientStorage or StatusCodes.Status501NotImplemented) logger.LogWarning("Docker API {Method} {Path}: {Message}", context.Request.Method, context.Request.Path, error.Message);
        else if (status >= 500) logger.LogError(error, "Docker API {Method} {Path} failed", context.Request.Method, context.Request.Path);
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
