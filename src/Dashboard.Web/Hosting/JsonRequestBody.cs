using Dashboard.Engine.Spec;
using Microsoft.AspNetCore.Http.Features;

namespace Dashboard.Web.Hosting;

/// <summary>
/// The JSON body of a create, update or limits request, at both API edges, read whole into memory but never more
/// than <see cref="InputLimits.MaxRequestBodyBytes"/>: a Content-Length over it is refused before a byte is read,
/// and a chunked body (what the docker CLI sends) when it passes it. The answer is a 413 that names the limit; the
/// engine's validator then names the field of anything smaller that is still too big.
/// </summary>
internal static class JsonRequestBody
{
    public const int Limit = InputLimits.MaxRequestBodyBytes;

    public static readonly string TooLargeMessage =
        $"the request body is larger than {Limit / (1024 * 1024)} MiB, the limit for a container create or update request; "
        + "send smaller labels, environment or command (see the limits in the README)";

    /// <summary>The body's bytes (empty when there is none).</summary>
    /// <exception cref="BadHttpRequestException">413 with <see cref="TooLargeMessage"/>.</exception>
    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpContext context)
    {
        // Kestrel's own limit is lifted for this request and the body counted here instead: when the answer is a 413,
        // Kestrel then drains (and discards) the rest of the body for up to 5 s, so a client that is still sending
        // reads our message instead of a broken pipe (HttpClient and the docker CLI both send before they read).
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false }) feature.MaxRequestBodySize = null;
        if (context.Request.ContentLength > Limit) throw TooLarge();

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
            {
                if (buffer.Length + read > Limit) throw TooLarge();
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge(); // the feature was read-only (the body had been read already): Kestrel's limit held
        }
        return buffer.ToArray();
    }

    private static BadHttpRequestException TooLarge() => new(TooLargeMessage, StatusCodes.Status413PayloadTooLarge);
}
