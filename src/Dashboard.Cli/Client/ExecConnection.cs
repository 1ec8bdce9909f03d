using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Containers;

namespace Dashboard.Cli.Client;

/// <summary>dashctl's side of GET /api/containers/{ref}/exec (<see cref="ExecProtocol"/>): the process's output to two
/// writers, stdin from a stream (its end closes this side), resizes as control messages, and the exit code at the end.</summary>
public sealed class ExecConnection(ClientWebSocket socket) : IAsyncDisposable
{
    private const int InputBufferSize = 32 * 1024;

    // A WebSocket takes one send at a time: input, resizes and the answer to the server's close.
    private readonly SemaphoreSlim _sending = new(1, 1);

    /// <summary>Writes the output to <paramref name="stdout"/> and <paramref name="stderr"/> as it comes, until the
    /// server closes; returns the process's exit code, or null when the session ended without one (then
    /// <see cref="CloseReason"/> says why).</summary>
    public async Task<int?> CopyOutputAsync(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var decoders = new[] { Encoding.UTF8.GetDecoder(), Encoding.UTF8.GetDecoder() };
        var buffer = new byte[64 * 1024];
        var chars = new char[Encoding.UTF8.GetMaxCharCount(buffer.Length)];
        int? exitCode = null;
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
                exitCode = ReadExitCode(data) ?? exitCode;
                continue;
            }
            if (data.Length < 2) continue;
            var stderrChunk = data[0] == ExecProtocol.Stderr;
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
        return exitCode;
    }

    /// <summary>Why the server closed the session (its close description, e.g. "access revoked").</summary>
    public string? CloseReason => socket.CloseStatusDescription;

    private static int? ReadExitCode(ReadOnlySpan<byte> text)
    {
        try
        {
            using var json = JsonDocument.Parse(text.ToArray());
            return json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("exitCode", out var code)
                && code.TryGetInt32(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Sends <paramref name="input"/> to the process's stdin; at its end, closes this side.</summary>
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

    /// <summary>Resizes the process's terminal.</summary>
    public Task ResizeAsync(int cols, int rows, CancellationToken cancellationToken)
    {
        var message = JsonSerializer.SerializeToUtf8Bytes(new ExecControlMessage { Resize = new ExecResize(cols, rows) }, ContractJson.Options);
        return SendLockedAsync(() => socket.State == WebSocketState.Open
            ? socket.SendAsync(message, WebSocketMessageType.Text, true, cancellationToken)
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
