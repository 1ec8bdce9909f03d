using System.Text;
using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Logs;
using Dashboard.Engine.Containers;
using Dashboard.Web.Access;
using Microsoft.AspNetCore.Http.Features;

namespace Dashboard.Web.NativeApi;

/// <summary>GET /api/containers/{ref}/logs as NDJSON: one <see cref="LogLineDto"/> per line, flushed per line
/// when following so a client sees output as the container writes it.</summary>
internal static class ContainerLogEndpoints
{
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    public static void MapContainerLogEndpoints(this RouteGroupBuilder api) =>
        api.MapGet("/containers/{reference}/logs", StreamAsync).RequireRole(Roles.Viewer);

    private static async Task StreamAsync(string reference, HttpContext ctx, IContainerEngine engine)
    {
        var q = new QueryReader(ctx.Request.Query);
        // timestamps is accepted for parity with docker; every line carries its time and the client decides.
        _ = q.Bool("timestamps");
        var options = new LogOptions
        {
            Follow = q.Bool("follow"),
            Tail = q.Tail("tail"),
            Since = q.Time("since", DateTimeOffset.UtcNow),
            Until = q.Time("until", DateTimeOffset.UtcNow),
            Stdout = q.Bool("stdout", true),
            Stderr = q.Bool("stderr", true),
        };
        q.ThrowIfInvalid();
        engine.Get(reference); // 404 while a problem can still be sent

        var ct = ctx.RequestAborted;
        ctx.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
        ctx.Response.ContentType = ContractJson.NdjsonMediaType;
        await ctx.Response.StartAsync(ct);
        var body = ctx.Response.Body;
        try
        {
            await foreach (var entry in engine.ReadLogsAsync(reference, options, ct))
            {
                var line = new LogLineDto(entry.Time, entry.Stream == LogStream.Stderr ? LogLineDto.Stderr : LogLineDto.Stdout,
                    Encoding.UTF8.GetString(entry.Content));
                await JsonSerializer.SerializeAsync(body, line, ContractJson.Options, ct);
                await body.WriteAsync(NewLine, ct);
                if (options.Follow) await body.FlushAsync(ct);
            }
            await body.FlushAsync(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away; nothing left to tell it.
        }
    }
}
