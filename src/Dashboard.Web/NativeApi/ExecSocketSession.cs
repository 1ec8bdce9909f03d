using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Containers;
using Dashboard.Engine.Containers;

namespace Dashboard.Web.NativeApi;

/// <summary>How an exec WebSocket session ended: the process ended (its exit code was sent), the client went away
/// first, or the user's access ended (the server closed the socket).</summary>
internal enum ExecSessionOutcome { Exited, ClientGone, Revoked, ContainerRemoved }

internal sealed record ExecSessionEnd(ExecSessionOutcome Outcome, int? ExitCode);

/// <summary>
/// One exec over a WebSocket (<see cref="ExecProtocol"/>): output out, stdin and control messages in, the exit code
/// last. Two loops share the socket, so every send goes through one lock (a WebSocket takes one send at a time). The
/// receive loop's token is cancelled only at the very end: cancelling a pending receive aborts a .NET WebSocket, and
/// a revoked session must still be able to send its close frame.
/// </summary>
internal sealed class ExecSocketSession(WebSocket socket, IContainerEngine engine, string execId)
{
    private static readonly TimeSpan s_closePatience = TimeSpan.FromSeconds(2);
    /// <summary>How long to wait, after the output ended, for conmon's report of the exit code (it closes the stream
    /// just before it reports).</summary>
    private static readonly TimeSpan s_exitPatience = TimeSpan.FromSeconds(10);
    private const int MaxControlMessage = 4096;

    private readonly SemaphoreSlim _sending = new(1, 1);

    /// <summary>Runs the session to its end. <paramref name="revoked"/> fires when the user's access ends;
    /// <paramref name="aborted"/> when the connection is gone.</summary>
    public async Task<ExecSessionEnd> RunAsync(IContainerAttachment attachment, bool tty, CancellationToken revoked, CancellationToken aborted)
    {
        using var outputDone = CancellationTokenSource.CreateLinkedTokenSource(aborted, revoked);
        using var inputDone = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        var input = ReceiveAsync(attachment, tty, revoked, outputDone, inputDone.Token);
        var buffer = new byte[1 + 8192];
        int? exitCode = null;
        try
        {
            while (await attachment.ReadAsync(outputDone.Token) is { } chunk)
            {
                if (buffer.Length < chunk.Data.Length + 1) buffer = new byte[chunk.Data.Length + 1];
                buffer[0] = chunk.Stream == LogStream.Stderr ? ExecProtocol.Stderr : ExecProtocol.Stdout;
                chunk.Data.CopyTo(buffer.AsMemory(1));
                await SendAsync(buffer.AsMemory(0, chunk.Data.Length + 1), WebSocketMessageType.Binary, outputDone.Token);
            }
            try
            {
                exitCode = await WaitExitAsync(outputDone.Token);
            }
            catch (Dashboard.Engine.NotFoundException)
            {
                // A remove took the session with its container (the output ended with its processes): no exit code.
                await CloseAsync(WebSocketCloseStatus.NormalClosure, ExecProtocol.RemovedDescription, outputDone.Token);
                await input.WaitAsync(s_closePatience, aborted);
                return new ExecSessionEnd(ExecSessionOutcome.ContainerRemoved, null);
            }
            if (exitCode is null)
            {
                await CloseAsync(WebSocketCloseStatus.InternalServerError, "the exit code did not come", aborted);
                return new ExecSessionEnd(ExecSessionOutcome.ClientGone, null);
            }
            await SendTextAsync(new ExecExitMessage(exitCode.Value), outputDone.Token);
            await CloseAsync(WebSocketCloseStatus.NormalClosure, ExecProtocol.EndedDescription, outputDone.Token);
            // The client answers the close; one that does not is not waited for long.
            await input.WaitAsync(s_closePatience, aborted);
            return new ExecSessionEnd(ExecSessionOutcome.Exited, exitCode);
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException or IOException)
        {
            if (exitCode is not null) return new ExecSessionEnd(ExecSessionOutcome.Exited, exitCode);
            if (!revoked.IsCancellationRequested || aborted.IsCancellationRequested) return new ExecSessionEnd(ExecSessionOutcome.ClientGone, null);
            try
            {
                await CloseAsync(WebSocketCloseStatus.PolicyViolation, ExecProtocol.RevokedDescription, aborted);
                await input.WaitAsync(s_closePatience, aborted);
            }
            catch (Exception closing) when (closing is WebSocketException or OperationCanceledException or TimeoutException or IOException)
            {
                // The client did not answer the close: the connection is aborted below.
            }
            return new ExecSessionEnd(ExecSessionOutcome.Revoked, null);
        }
        finally
        {
            await outputDone.CancelAsync();
            await inputDone.CancelAsync();
            try { await input; }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException) { }
        }
    }

    /// <summary>A command that could not be run (docker exec's 126 or 127): its error on stderr, then its exit code.</summary>
    public async Task<ExecSessionEnd> ReportFailedStartAsync(string error, int exitCode, CancellationToken aborted)
    {
        try
        {
            var text = Encoding.UTF8.GetBytes($"OCI runtime exec failed: {error}\r\n");
            await SendAsync(new byte[] { ExecProtocol.Stderr }.Concat(text).ToArray(), WebSocketMessageType.Binary, aborted);
            await SendTextAsync(new ExecExitMessage(exitCode), aborted);
            await CloseAsync(WebSocketCloseStatus.NormalClosure, ExecProtocol.EndedDescription, aborted);
            var scratch = new byte[1024];
            using var patience = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            patience.CancelAfter(s_closePatience);
            while ((await socket.ReceiveAsync(scratch.AsMemory(), patience.Token)).MessageType != WebSocketMessageType.Close) { }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or IOException)
        {
        }
        return new ExecSessionEnd(ExecSessionOutcome.Exited, exitCode);
    }

    private async Task<int?> WaitExitAsync(CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(s_exitPatience);
        try
        {
            return await engine.WaitExecAsync(execId, patience.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Binary messages are stdin, text messages control, the close is the end of stdin. A client that drops
    /// the connection ends the session.</summary>
    private async Task ReceiveAsync(IContainerAttachment attachment, bool tty, CancellationToken revoked, CancellationTokenSource outputDone,
        CancellationToken cancellationToken)
    {
        var buffer = new byte[32 * 1024];
        var control = new MemoryStream();
        try
        {
            while (true)
            {
                var received = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                switch (received.MessageType)
                {
                    case WebSocketMessageType.Close:
                        if (revoked.IsCancellationRequested) return;
                        // A terminal's input is never closed (conmon keeps it open, as Docker does): closing a terminal
                        // hangs up its shell, as closing a terminal window does; the output goes on to the process's end.
                        if (tty) await engine.HangUpExecAsync(execId, TimeSpan.FromSeconds(ExecProtocol.HangupGraceSeconds), cancellationToken);
                        else if (attachment.Stdin) await attachment.CloseStdinAsync(cancellationToken);
                        return;
                    case WebSocketMessageType.Binary:
                        // Without stdin (stdin=false) what the client sends is dropped, as Docker drops it.
                        if (received.Count > 0 && !revoked.IsCancellationRequested)
                            await attachment.WriteStdinAsync(buffer.AsMemory(0, received.Count), cancellationToken);
                        break;
                    default:
                        if (control.Length + received.Count <= MaxControlMessage) control.Write(buffer, 0, received.Count);
                        else control.SetLength(MaxControlMessage + 1);
                        if (!received.EndOfMessage) break;
                        var message = control.Length > MaxControlMessage ? null : control.ToArray();
                        control.SetLength(0);
                        if (await ControlAsync(message, tty, cancellationToken) is { } refusal)
                            await SendTextAsync(new ExecErrorMessage(refusal), cancellationToken);
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or Dashboard.Engine.NotFoundException)
        {
            // The client went away (or the container with the session): the output loop ends too.
            await outputDone.CancelAsync();
        }
    }

    /// <summary>Acts on a control message; the reason it was refused, or null.</summary>
    private async Task<string?> ControlAsync(byte[]? message, bool tty, CancellationToken cancellationToken)
    {
        if (message is null) return $"Control message refused: it is longer than {MaxControlMessage} bytes.";
        ExecControlMessage? control;
        try
        {
            control = JsonSerializer.Deserialize<ExecControlMessage>(message, ContractJson.Options);
        }
        catch (JsonException ex)
        {
            return $"Control message refused: it is not JSON of the form {{\"resize\":{{\"cols\":N,\"rows\":M}}}} ({ex.Message}).";
        }
        if (control?.Resize is not { } size) return "Control message refused: the only control is {\"resize\":{\"cols\":N,\"rows\":M}}.";
        if (!tty) return "Resize refused: this exec has no terminal (it was started without tty=true).";
        if (size.Cols is < 1 or > ushort.MaxValue || size.Rows is < 1 or > ushort.MaxValue)
            return $"Resize refused: {size.Cols}x{size.Rows} is not a terminal size (cols and rows from 1 to {ushort.MaxValue}).";
        try
        {
            await engine.ResizeExecAsync(execId, (ushort)size.Rows, (ushort)size.Cols, cancellationToken);
            return null;
        }
        catch (Dashboard.Engine.EngineException ex)
        {
            return "Resize refused: " + ex.Message;
        }
    }

    private Task SendTextAsync<T>(T message, CancellationToken cancellationToken) =>
        SendAsync(JsonSerializer.SerializeToUtf8Bytes(message, ContractJson.Options), WebSocketMessageType.Text, cancellationToken);

    private async Task SendAsync(ReadOnlyMemory<byte> data, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try { await socket.SendAsync(data, type, endOfMessage: true, cancellationToken); }
        finally { _sending.Release(); }
    }

    private async Task CloseAsync(WebSocketCloseStatus status, string description, CancellationToken cancellationToken)
    {
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(s_closePatience);
        await _sending.WaitAsync(patience.Token);
        try
        {
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                await socket.CloseOutputAsync(status, description, patience.Token);
        }
        finally { _sending.Release(); }
    }
}
