using System.Net.WebSockets;
using Dashboard.Contracts.Containers;

namespace Dashboard.Cli.Client;

/// <summary>dashctl's side of GET /api/containers/{ref}/attach (<see cref="AttachProtocol"/>): the container's output
/// to two writers, and an input stream to the container's stdin, closing it (a WebSocket close) at its end.</summary>
public sealed class AttachConnection(ClientWebSocket socket) : IAsyncDisposable
{
    private readonly StreamSocket _stream = new(socket);

    /// <summary>Writes every chunk of output to <paramref name="stdout"/> or <paramref name="stderr"/> as it comes,
    /// until the server closes (the container's output ended or the attach was ended).</summary>
    public Task CopyOutputAsync(TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken) =>
        _stream.CopyOutputAsync(stdout, stderr, onText: null, cancellationToken);

    /// <summary>Sends <paramref name="input"/> to the container's stdin; at its end, closes this side (the container's
    /// stdin is closed, the output goes on).</summary>
    public Task SendInputAsync(Stream input, CancellationToken cancellationToken) => _stream.SendInputAsync(input, cancellationToken);

    public ValueTask DisposeAsync() => _stream.DisposeAsync();
}
