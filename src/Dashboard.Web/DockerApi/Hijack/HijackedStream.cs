using Dashboard.Engine.Containers;
using Microsoft.AspNetCore.Http.Features;

namespace Dashboard.Web.DockerApi.Hijack;

/// <summary>
/// The stream of an attach or an exec start: with an Upgrade header (docker CLI, Docker.DotNet Enhanced) the connection
/// is hijacked with 101 and the client's bytes after the request are its input; without one (Docker.DotNet 3.x, which
/// fails on 101) the output goes in a 200 and, when input is wanted, the bytes after the request are still its input
/// (the connection closes after the answer). Output is framed (stdcopy), or raw for a TTY.
/// </summary>
internal static class HijackedStream
{
    private const int InputBufferSize = 32 * 1024;
    private const string RawUpgradeKey = "Dashboard.RawUpgrade";

    /// <summary>Ends a connection that <see cref="OpenAsync"/> upgraded by hand: its output is completed, so the
    /// transport sends what is buffered and then closes its side (the client's end of the stream). Kestrel's own
    /// response after it is dropped (see <see cref="DiscardableOutput"/>).</summary>
    public static async Task CloseAsync(HttpContext context)
    {
        if (context.Items[RawUpgradeKey] is not System.IO.Pipelines.IDuplexPipe transport) return;
        try
        {
            await transport.Output.FlushAsync(CancellationToken.None);
            await transport.Output.CompleteAsync();
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or ObjectDisposedException)
        {
        }
    }

    /// <summary>The output stream, and the client's input when the connection is hijacked (or, for a client that sent
    /// no Upgrade, taken over: see <see cref="HalfCloseTolerantConnection.TakeOverInput"/>). A request with a body
    /// (exec start) must have read it first.</summary>
    public static async Task<(Stream Output, Stream? Input)> OpenAsync(HttpContext context, bool wantsInput, bool tty)
    {
        var contentType = DockerApiVersion.StreamContentType(context, tty);
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (context.Request.Headers.ContainsKey("Upgrade") && upgrade is { IsUpgradableRequest: true })
        {
            context.Response.Headers.ContentType = contentType;
            context.Response.Headers.Upgrade = "tcp";
            HalfCloseTolerantConnection.MarkHijacked(context.Connection.Id);
            var duplex = await upgrade.UpgradeAsync();
            return (duplex, duplex);
        }
        if (context.Request.Headers.ContainsKey("Upgrade") && HalfCloseTolerantConnection.TakeOverTransport(context.Connection.Id) is { } transport)
        {
            // Kestrel offers no upgrade to a request with a body: the 101 is written on the raw connection, which
            // this request then owns until the connection closes (see RawUpgrade).
            var head = $"HTTP/1.1 101 UPGRADED\r\nContent-Type: {contentType}\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n\r\n";
            await transport.Output.WriteAsync(System.Text.Encoding.ASCII.GetBytes(head), context.RequestAborted);
            context.Items[RawUpgradeKey] = transport;
            var output = transport.Output.AsStream(leaveOpen: true);
            return (output, transport.Input.AsStream(leaveOpen: true));
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

    /// <summary>Writes the output until it ends (framed, or raw when <paramref name="raw"/>), while the client's input
    /// goes to the process's stdin. With <paramref name="detachKeys"/> (a TTY's input) the input is scanned for them:
    /// on the whole sequence the copy stops at once and true is returned (the client detached; the process goes on).</summary>
    public static async Task<bool> CopyAsync(IContainerAttachment attachment, Stream? input, Stream output, bool raw, byte[]? detachKeys,
        CancellationToken aborted)
    {
        using var copying = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var detached = false;
        var pump = attachment.Stdin && input is not null
            ? PumpInputAsync(input, attachment, detachKeys is null ? null : new DetachKeyScanner(detachKeys), () =>
            {
                detached = true;
                copying.Cancel();
            }, copying.Token)
            : Task.CompletedTask;
        try
        {
            while (await attachment.ReadAsync(copying.Token) is { } chunk)
            {
                await StreamFrames.WriteAsync(output, raw, (byte)chunk.Stream, chunk.Data, copying.Token);
                await output.FlushAsync(copying.Token);
            }
        }
        catch (OperationCanceledException) when (detached)
        {
        }
        finally
        {
            await copying.CancelAsync();
            await pump;
        }
        return detached;
    }

    /// <summary>Copies the client's bytes to the process's stdin. The end of the client's input (its half-close, or its
    /// going away) is the end of the process's input for a StdinOnce container, as in Docker.</summary>
    private static async Task PumpInputAsync(Stream input, IContainerAttachment attachment, DetachKeyScanner? scanner, Action detach,
        CancellationToken cancellationToken)
    {
        var buffer = new byte[InputBufferSize];
        var forward = new List<byte>();
        try
        {
            int read;
            while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
            {
                ReadOnlyMemory<byte> data = buffer.AsMemory(0, read);
                var detaching = false;
                if (scanner is not null)
                {
                    forward.Clear();
                    detaching = scanner.Scan(data.Span, forward);
                    data = forward.ToArray();
                }
                if (!data.IsEmpty && !await attachment.WriteStdinAsync(data, cancellationToken)) return;
                if (detaching)
                {
                    detach();
                    return;
                }
            }
            await attachment.CloseStdinAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or ObjectDisposedException)
        {
            // The output ended first, or the client went away: its input no longer matters.
        }
    }
}
