using System.Net.WebSockets;
using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Containers;

namespace Dashboard.Cli.Client;

/// <summary>dashctl's side of GET /api/containers/{ref}/exec (<see cref="ExecProtocol"/>): the process's output to two
/// writers, stdin from a stream (its end closes this side), resizes as control messages, and the exit code at the end.</summary>
public sealed class ExecConnection(ClientWebSocket socket) : IAsyncDisposable
{
    private readonly StreamSocket _stream = new(socket);

    /// <summary>Writes the output to <paramref name="stdout"/> and <paramref name="stderr"/> as it comes, until the
    /// server closes; returns the process's exit code, or null when the session ended without one (then
    /// <see cref="CloseReason"/> says why).</summary>
    public async Task<int?> CopyOutputAsync(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        int? exitCode = null;
        await _stream.CopyOutputAsync(stdout, stderr, text => exitCode = ReadExitCode(text) ?? exitCode, cancellationToken);
        return exitCode;
    }

    /// <summary>Why the server closed the session (its close description, e.g. "access revoked").</summary>
    public string? CloseReason => _stream.CloseReason;

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
    public Task SendInputAsync(Stream input, CancellationToken cancellationToken) => _stream.SendInputAsync(input, cancellationToken);

    /// <summary>Resizes the process's terminal.</summary>
    public Task ResizeAsync(int cols, int rows, CancellationToken cancellationToken) =>
        _stream.SendTextAsync(JsonSerializer.SerializeToUtf8Bytes(new ExecControlMessage { Resize = new ExecResize(cols, rows) }, ContractJson.Options),
            cancellationToken);

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
