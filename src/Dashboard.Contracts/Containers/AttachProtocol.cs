namespace Dashboard.Contracts.Containers;

/// <summary>
/// GET /api/containers/{ref}/attach?stdin=&amp;stdout=&amp;stderr= is a WebSocket. The server sends the container's
/// output as binary messages, each one chunk whose first byte says the stream (<see cref="Stdout"/> or
/// <see cref="Stderr"/>); the client sends binary messages that are written to the container's stdin (when it asked
/// for stdin and the container was created with OpenStdin). The client's close ends its input (for a StdinOnce
/// container, the container's stdin is closed) and the output goes on; the server closes with
/// <see cref="EndedDescription"/> when the container's run has ended and all of its output was sent. An attach made
/// before the start (create, attach, start) gets the run from its first byte.
/// </summary>
public static class AttachProtocol
{
    public const byte Stdout = 1;
    public const byte Stderr = 2;

    /// <summary>The server's close description once the output has ended.</summary>
    public const string EndedDescription = "ended";
}
