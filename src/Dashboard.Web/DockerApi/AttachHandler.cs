using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Microsoft.AspNetCore.Http.Features;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// POST /containers/{id}/attach, output only (stdout/stderr as multiplexed frames; stdin is not supported).
/// With an Upgrade header (docker CLI, Docker.DotNet Enhanced) the connection is hijacked with 101; without one
/// (Docker.DotNet 3.x, which fails on 101) the same bytes go in a chunked 200. The client's half-close of its write
/// side is not a disconnect: input is never read, output keeps flowing until the container's run ends.
/// </summary>
internal static class AttachHandler
{
    public static async Task AttachAsync(HttpContext context)
    {
        var request = context.Request;
        var engine = ContainerHandlers.Engine(context);
        var record = engine.Get(ContainerHandlers.Id(context));
        var attachedAt = DateTimeOffset.UtcNow;
        var fresh = record.State.StartedAt is null;
        var options = new LogOptions
        {
            Stdout = DockerQuery.Bool(request, "stdout"),
            Stderr = DockerQuery.Bool(request, "stderr"),
            Follow = DockerQuery.Bool(request, "stream"),
            WaitForStart = true,
            // A container that never ran has an empty log, so "from the beginning" is exactly "from now" and cannot
            // lose the first lines of a fast process. One that ran before must not replay its old run (unless logs=1).
            Since = fresh || DockerQuery.Bool(request, "logs") ? null : attachedAt,
        };

        var output = await OpenOutputAsync(context);
        var aborted = context.RequestAborted;
        try
        {
            if (options.Stdout || options.Stderr)
                await CopyOutputAsync(engine, record, options, output, aborted);
        }
        catch (NotFoundException)
        {
            // Removed meanwhile (docker run --rm): the run is over, close the stream.
        }
        catch (IOException)
        {
            // The client went away; a hijacked connection has no other way to say so.
            return;
        }
        try
        {
            await output.FlushAsync(CancellationToken.None);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<Stream> OpenOutputAsync(HttpContext context)
    {
        var contentType = DockerApiVersion.StreamContentType(context);
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (context.Request.Headers.ContainsKey("Upgrade") && upgrade is { IsUpgradableRequest: true })
        {
            context.Response.Headers.ContentType = contentType;
            context.Response.Headers.Upgrade = "tcp";
            HalfCloseTolerantConnection.MarkHijacked(context.Connection.Id);
            return await upgrade.UpgradeAsync();
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType;
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        return context.Response.Body;
    }

    /// <summary>The engine's follow with <see cref="LogOptions.WaitForStart"/> waits for a created container to start
    /// and ends with that run, so one read is the whole attach.</summary>
    private static async Task CopyOutputAsync(IContainerEngine engine, ContainerRecord record, LogOptions options, Stream output, CancellationToken cancellationToken)
    {
        await foreach (var entry in engine.ReadLogsAsync(record.Id, options, cancellationToken))
        {
            await StreamFrames.WriteEntryAsync(output, entry, timestamps: false, cancellationToken);
            await output.FlushAsync(cancellationToken);
        }
    }
}
