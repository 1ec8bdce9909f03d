using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// JSON the way Docker clients need it: PascalCase names exactly as declared (no camelCase policy: Docker.DotNet
/// Enhanced is case-sensitive), case-insensitive input, and a Content-Type of exactly "application/json" because
/// the docker CLI compares the header string and otherwise prints raw JSON.
/// </summary>
internal static class DockerJson
{
    public const string ContentType = "application/json";

    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = null,
        DictionaryKeyPolicy = null,
        PropertyNameCaseInsensitive = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static async Task WriteAsync<T>(HttpContext context, T value, int status = StatusCodes.Status200OK)
    {
        // A streamed response (wait) has flushed its status and headers already; only the body is left to write.
        if (!context.Response.HasStarted)
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = ContentType;
        }
        await JsonSerializer.SerializeAsync(context.Response.Body, value, Options, context.RequestAborted);
    }

    /// <summary>One line of a JSON-message stream (load, import, pull), flushed so progress shows at once.</summary>
    public static async Task WriteLineAsync<T>(HttpContext context, T value)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(value, Options);
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    public static Task WriteErrorAsync(HttpContext context, int status, string message) =>
        WriteAsync(context, new ErrorBody(message), status);

    /// <summary>A body already read as a JSON tree to the typed model (a wrong type is a 400, as in <see cref="ReadAsync"/>).</summary>
    public static T Convert<T>(System.Text.Json.Nodes.JsonNode node) where T : class
    {
        try
        {
            return node.Deserialize<T>(Options) ?? throw new DockerApiException(StatusCodes.Status400BadRequest, "invalid JSON: null");
        }
        catch (JsonException e)
        {
            throw new DockerApiException(StatusCodes.Status400BadRequest, $"invalid JSON: {e.Message}");
        }
    }

    /// <summary>Reads a request body whatever its Content-Type says (clients send "; charset=utf-8" or nothing),
    /// at most <see cref="Hosting.JsonRequestBody.Limit"/> bytes (413 above). An empty body gives null.</summary>
    public static async Task<T?> ReadAsync<T>(HttpContext context) where T : class
    {
        var body = await Hosting.JsonRequestBody.ReadAsync(context);
        if (body.Length == 0) return null;
        try
        {
            return JsonSerializer.Deserialize<T>(body.Span, Options);
        }
        catch (JsonException e)
        {
            throw new DockerApiException(StatusCodes.Status400BadRequest, $"invalid JSON: {e.Message}");
        }
    }
}

/// <summary>moby's common.ErrorResponse; "message" is lower-case on the wire.</summary>
internal sealed record ErrorBody([property: JsonPropertyName("message")] string Message);

/// <summary>An error the API layer itself raises (bad query parameter, unsupported feature), with its status.</summary>
public sealed class DockerApiException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
}
