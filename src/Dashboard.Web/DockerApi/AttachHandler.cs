using Dashboard.Engine.Containers;
using Microsoft.AspNetCore.Http.Features;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// POST /containers/{id}/attach through the engine's attach (conmon's attach socket): stdout and stderr as multiplexed
/// frames, and stdin from the client when asked and the container has an open stdin (-i). The engine attach is made
/// before the answer, so an error is still an HTTP error and the start the docker CLI sends after the answer (create,
/// attach, start) finds it waiting. With an Upgrade header (docker CLI, Docker.DotNet Enhanced) the connection is
/// hijacked with 101 and the client's bytes after the request are its input; without one (Docker.DotNet 3.x, which
/// fails on 101) the output goes in a 200 and, when stdin is asked, the bytes after the request are still its input
/// (the connection closes after the answer). The client's half-close of its write side (the
/// docker CLI's CloseWrite when its stdin ends) ends the container's input, not the output, which flows until the
/// run ends.
/// </summary>
internal static class AttachHandler
{
    private const int InputBufferSize = 32 * 1024;

    public static async Task AttachAsync(HttpContext context)
    {
        var request = context.Request;
        var engine = ContainerHandlers.Engine(context);
        var record = engine.Get(ContainerHandlers.Id(context));
        var wanted = new AttachRequest
        {
            Stdin = DockerQuery.Bool(request, "stdin"),
            Stdout = DockerQuery.Bool(request, "stdout"),
            Stderr = DockerQuery.Bool(request, "stderr"),
        };
        var aborted = context.RequestAborted;
        await using var attachment = DockerQuery.Bool(request, "stream") ? await engine.AttachAsync(record.Id, wanted, aborted) : null;

        var (output, input) = await OpenAsync(context, attachment?.Stdin == true);
        try
        {
            // logs=1: what the log holds first (a line written between the attach and this read can show twice).
            if (DockerQuery.Bool(request, "logs") && (wanted.Stdout || wanted.Stderr))
                await ReplayLogAsync(engine, record.Id, wanted, output, aborted);
            if (attachment is not null) await CopyAsync(attachment, input, output, aborted);
            await output.FlushAsync(CancellationToken.None);
        }
        catch (Engine.NotFoundException)
        {
            // Removed meanwhile (docker run --rm): the run is over, close the stream.
        }
        catch (IOException)
        {
            // The client went away; a hijacked connection has no other way to say so.
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
        }
    }

    /// <summary>The output stream, and the client's input when the connection is hijacked (or, for a client that sent
    /// no Upgrade, taken over: see <see cref="HalfCloseTolerantConnection.TakeOverInput"/>).</summary>
    private static async Task<(Stream Output, Stream? Input)> OpenAsync(HttpContext context, bool wantsInput)
    {
        var contentType = DockerApiVersion.StreamContentType(context);
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (context.Request.Headers.ContainsKey("Upgrade") && upgrade is { IsUpgradableRequest: true })
        {
            context.Response.Headers.ContentType = contentType;
            context.Response.Headers.Upgrade = "tcp";
            HalfCloseTolerantConnection.MarkHijacked(context.Connection.Id);
            var duplex = await upgrade.UpgradeAsync();
            return (duplex, duplex);
        }
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = contentType;
        Stream? input = null;
        if (wantsInput && context.Request.ContentLength is null or 0 && !context.Request.Headers.ContainsKey("Transfer-Encoding"))
        {
            // The bytes after the request are the container's stdin, not a next request.
            context.Response.Headers.Connection = "close";
            input = HalfCloseTolerantConnection.TakeOverInput(context.Connection.Id);
        }
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        return (context.Response.Body, input);
    }

    /// <summary>Frames the output until it ends, while the client's input goes to the container's stdin.</summary>
    private static async Task CopyAsync(IContainerAttachment attachment, Stream? input, Stream output, CancellationToken aborted)
    {
        using var copying = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var pump = attachment.Stdin && input is not null ? PumpInputAsync(input, attachment, copying.Token) : Task.CompletedTask;
        try
        {
            while (await attachment.ReadAsync(aborted) is { } chunk)
            {
                await StreamFrames.WriteAsync(output, (byte)chunk.Stream, chunk.Data, aborted);
                await output.FlushAsync(aborted);
            }
        }
        finally
        {
            await copying.CancelAsync();
            await pump;
        }
    }

    /// <summary>Copies the client's bytes to the container's stdin. The end of the client's input (its half-close,
    /// or its going away) is the end of the container's input for a StdinOnce container, as in Docker.</summary>
    private static async Task PumpInputAsync(Stream input, IContainerAttachment attachment, CancellationToken cancellationToken)
    {
        var buffer = new byte[InputBufferSize];
        try
        {
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
                if (!await attachment.WriteStdinAsync(buffer.AsMemory(0, read), cancellationToken)) return;
            await attachment.CloseStdinAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The output ended first, or the client went away: its input no longer matters.
        }
    }

    private static async Task ReplayLogAsync(IContainerEngine engine, string id, AttachRequest wanted, Stream output, CancellationToken cancellationToken)
    {
        var options = new LogOptions { Stdout = wanted.Stdout, Stderr = wanted.Stderr };
        await foreach (var entry in engine.ReadLogsAsync(id, options, cancellationToken))
            await StreamFrames.WriteEntryAsync(output, entry, timestamps: false, cancellationToken);
        await output.FlushAsync(cancellationToken);
    }
}
