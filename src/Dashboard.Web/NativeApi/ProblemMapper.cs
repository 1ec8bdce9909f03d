using Dashboard.Engine;

namespace Dashboard.Web.NativeApi;

/// <summary>One place that says which engine error becomes which status code. Bad input is never a 500.</summary>
public static class ProblemMapper
{
    /// <summary>Maps an expected error to an application/problem+json result; false for a genuine bug.</summary>
    public static bool TryMap(Exception exception, out IResult result)
    {
        result = exception switch
        {
            ValidationException v => TypedResults.ValidationProblem(
                v.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                detail: v.Message,
                title: "The request is not valid."),
            NotFoundException nf => Problem(StatusCodes.Status404NotFound, "Not found.", nf.Message),
            Dashboard.Engine.ContainerFiles.ReadOnlyTargetException ro => Problem(StatusCodes.Status403Forbidden, "The target is read-only.", ro.Message),
            ConflictException c => Problem(StatusCodes.Status409Conflict, "Conflict.", c.Message),
            InvalidArchiveException a => Problem(StatusCodes.Status400BadRequest, "The archive cannot be used.", a.Message),
            ImageLimitExceededException l => Problem(l.UploadTooLarge ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
                "The archive is over a limit.", l.Message),
            AmbiguousReferenceException r => Problem(StatusCodes.Status400BadRequest, "Ambiguous reference.", r.Message),
            StorageFullException s => Problem(StatusCodes.Status507InsufficientStorage, "The disk is full.", s.Message),
            IOException { HResult: 28 or 122 } io => Problem(StatusCodes.Status507InsufficientStorage, "The disk is full.", io.Message),
            OciRuntimeException o => Problem(StatusCodes.Status500InternalServerError, "The OCI runtime failed.", o.Message),
            MalformedRequestException m => Problem(StatusCodes.Status400BadRequest, m.Title, m.Message),
            BadHttpRequestException b => Problem(b.StatusCode,
                b.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "Bad request.", b.Message),
            EngineException e => Problem(StatusCodes.Status500InternalServerError, "The engine failed.", e.Message),
            _ => null!,
        };
        return result is not null;
    }

    private static IResult Problem(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);
}

/// <summary>A request the API cannot even read (malformed JSON, missing body); maps to 400.</summary>
public sealed class MalformedRequestException(string title, string message) : Exception(message)
{
    public string Title { get; } = title;
}
