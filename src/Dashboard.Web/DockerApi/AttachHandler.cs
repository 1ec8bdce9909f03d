using Dashboard.Engine.Containers;
using Dashboard.Web.DockerApi.Hijack;

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
        var tty = record.Config.Tty;
        var keysText = DockerQuery.String(request, "detachKeys");
        var detachKeys = DetachKeys.Parse(keysText) ?? throw DetachKeys.Invalid(keysText!);
        var aborted = context.RequestAborted;
        await using var attachment = DockerQuery.Bool(request, "stream") ? await engine.AttachAsync(record.Id, wanted, aborted) : null;

        var (output, input) = await HijackedStream.OpenAsync(context, attachment?.Stdin == true, tty);
        try
        {
            // logs=1: what the log holds first (a line written between the attach and this read can show twice).
            if (DockerQuery.Bool(request, "logs") && (wanted.Stdout || wanted.Stderr))
                await ReplayLogAsync(engine, record.Id, wanted, output, tty, aborted);
            // Only a terminal's input is scanned for the detach keys, as in moby.
            if (attachment is not null && await HijackedStream.CopyAsync(attachment, input, output, tty, tty ? detachKeys : null, aborted))
                await engine.RecordDetachAsync(record.Id, execId: null, CancellationToken.None);
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

    private static async Task ReplayLogAsync(IContainerEngine engine, string id, AttachRequest wanted, Stream output, bool raw,
        CancellationToken cancellationToken)
    {
        var options = new LogOptions { Stdout = wanted.Stdout, Stderr = wanted.Stderr };
        await foreach (var entry in engine.ReadLogsAsync(id, options, cancellationToken))
            await StreamFrames.WriteEntryAsync(output, entry, timestamps: false, cancellationToken, raw);
        await output.FlushAsync(cancellationToken);
    }
}
