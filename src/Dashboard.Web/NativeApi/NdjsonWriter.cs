using System.Text.Json;
using Dashboard.Contracts;
using Microsoft.AspNetCore.Http.Features;

namespace Dashboard.Web.NativeApi;

/// <summary>Writes a followed stream as NDJSON, one flushed line per item, until the source ends or the client
/// goes away.</summary>
internal static class NdjsonWriter
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static async Task WriteAsync<T>(HttpContext ctx, IAsyncEnumerable<T> items)
    {
        var ct = ctx.RequestAborted;
        ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        ctx.Response.ContentType = ContractJson.NdjsonMediaType;
        await ctx.Response.StartAsync(ct);
        var body = ctx.Response.Body;
        try
        {
            await body.FlushAsync(ct);
            await foreach (var item in items.WithCancellation(ct))
            {
                await JsonSerializer.SerializeAsync(body, item, ContractJson.Options, ct);
                await body.WriteAsync(NewLine, ct);
                await body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
    }
}
