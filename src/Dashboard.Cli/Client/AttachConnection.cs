using System.Net.WebSockets;
using System.Text;
using Dashboard.Contracts.Containers;

namespace Dashboard.Cli.Client;

/// <summary>dashctl's side of GET /api/containers/{ref}/attach (<see cref="AttachProtocol"/>): the container's output
/// to two writers, and an input stream to the container's stdin, closing it (a WebSocket close) at its end.</summary>
public sealed class AttachConnection(ClientWebSocket socket) : IAsyncDisposable
{
    private const int InputBufferSize = 32 * 1024;

    // A WebSocket takes one send at a time: the input's messages and the answer to the server's close.
    private readonly SemaphoreSlim _sending = new(1, 1);

    /// <summary>Writes every chunk of output to <paramref name="stdout"/> or <paramref name="stderr"/> as it comes,
    /// until the server closes (the run has ended). Chunks are UTF-8 cut anywhere: each stream decodes on its own.</summary>
    public async Task CopyOutputAsync(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
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

    /// <summary>Sends <paramref name="input"/> to the container's stdin; at its end, closes this side (the container's
    /// stdin is closed, the output goes on).</summary>
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

    private async Task SendLockedAsync(Func<Task> send, CancellationToken cancellationToken)
    {
        await _sending.WaitAsync(cancellationToken);
        try { await send(); }
        finally { _sending.Release(); }
    }

    public ValueTask DisposeAsync()
    {
        socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
