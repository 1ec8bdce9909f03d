using System.Net.WebSockets;
using System.Text;
using Dashboard.Contracts.Containers;

namespace Dashboard.Cli.Client;

/// <summary>
/// dashctl's side of the daemon's stream WebSockets (attach and exec share <see cref="AttachProtocol"/>'s framing):
/// binary messages from the server are output whose first byte names the stream, binary messages to it are stdin, and
/// a close from this side is the end of the input. The attach and exec connections add what is their own.
/// </summary>
internal sealed class StreamSocket(ClientWebSocket socket) : IAsyncDisposable
{
    private const int InputBufferSize = 32 * 1024;

    // A WebSocket takes one send at a time: input, control messages and the answer to the server's close.
    private readonly SemaphoreSlim _sending = new(1, 1);

    /// <summary>Why the server closed (its close description, e.g. "access revoked").</summary>
    public string? CloseReason => socket.CloseStatusDescription;

    /// <summary>Writes each output chunk to <paramref name="stdout"/> or <paramref name="stderr"/> as it comes, hands
    /// text messages to <paramref name="onText"/> (dropped when null), until the server closes, then answers the close.
    /// </summary>
    public async Task CopyOutputAsync(TextWriter stdout, TextWriter stderr, Action<ReadOnlySpan<byte>>? onText,
        CancellationToken cancellationToken)
    {
        // One decoder per stream: a UTF-8 character split across two chunks of one stream is still one character.
        var decoders = new[] { Encoding.UTF8.GetDecoder(), Encoding.UTF8.GetDecoder() };
        var buffer = new byte[64 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        while (true)
        {
            var message = new MemoryStream();
            ValueWebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer.AsMemory(), cancellationToken);
                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage && received.MessageType != WebSocketMessageType.Close);
            if (received.MessageType == WebSocketMessageType.Close) break;
            var data = message.GetBuffer().AsSpan(0, (int)message.Length);
            if (received.MessageType == WebSocketMessageType.Text)
            {
                onText?.Invoke(data);
                continue;
            }
            if (data.Length < 2) continue;
            var stderrChunk = data[0] == AttachProtocol.Stderr;
            var writer = stderrChunk ? stderr : stdout;
            var decoder = decoders[stderrChunk ? 1 : 0];
            if (chars.Length < data.Length) chars = new char[Encoding.UTF8.GetMaxCharCount(data.Length)];
            var count = decoder.GetChars(data[1..], chars, flush: false);
            await writer.WriteAsync(chars.AsMemory(0, count), cancellationToken);
            await writer.FlushAsync(cancellationToken);
        }
        await SendLockedAsync(() => socket.State == WebSocketState.CloseReceived
            ? socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None)
            : Task.CompletedTask, CancellationToken.None);
    }

    /// <summary>Sends <paramref name="input"/> as stdin; at its end, closes this side (stdin is closed, the output goes
    /// on).</summary>
    public async Task SendInputAsync(Stream input, CancellationToken cancellationToken)
    {
        var buffer = new byte[InputBufferSize];
        int read;
        while ((read = await input.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (socket.State != WebSocketState.Open) return;
            await SendLockedAsync(() => socket.SendAsync(buffer.AsMemory(0, read), WebSocketMessageType.Binary, true, cancellationToken).AsTask(),
                cancellationToken);
        }
        await SendLockedAsync(() => socket.State == WebSocketState.Open
            ? socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "end of input", cancellationToken)
            : Task.CompletedTask, cancellationToken);
    }

    /// <summary>Sends one text (control) message while the socket is open.</summary>
    public Task SendTextAsync(byte[] message, CancellationToken cancellationToken) =>
        SendLockedAsync(() => socket.State == WebSocketState.Open
            ? socket.SendAsync(message, WebSocketMessageType.Text, true, cancellationToken)
            : Task.CompletedTask, cancellationToken);

    private async Task SendLockedAsync(Func<Task> send, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try { await send(); }
        finally { _sending.Release(); }
    }

    public ValueTask DisposeAsync()
    {
        // Not the send gate: an input pump may still be in a send the socket's disposal ends.
        socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
