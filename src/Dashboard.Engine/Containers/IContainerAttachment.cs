namespace Dashboard.Engine.Containers;

/// <summary>What an attach asks for: which of the container's streams to carry.</summary>
public sealed record AttachRequest
{
    /// <summary>Take input for the container's stdin. Only a container created with OpenStdin (-i) has a stdin to
    /// write to; for any other the input is ignored, as Docker ignores it.</summary>
    public bool Stdin { get; init; }
    public bool Stdout { get; init; } = true;
    public bool Stderr { get; init; } = true;
}

/// <summary>One chunk of the container's output, as conmon read it from the stream's pipe (at most 8 KiB).</summary>
public sealed record AttachOutput(LogStream Stream, ReadOnlyMemory<byte> Data);

/// <summary>
/// A live attach to a container's stdio through conmon (see <see cref="IContainerEngine.AttachAsync"/>). The caller
/// reads the output until it ends and disposes the attachment; a reader that stops reading holds up the container's
/// output (as a slow client holds up a Docker container), except that a stop, a SIGKILL or a remove never waits for it.
/// Disposing ends it at once and never blocks; an attachment that is never connected (the container is removed
/// first) just ends.
/// </summary>
public interface IContainerAttachment : IAsyncDisposable
{
    /// <summary>Input is taken: stdin was asked for and the container has an open stdin (OpenStdin).</summary>
    bool Stdin { get; }

    /// <summary>The next chunk of output, or null at the end: the container's run ended (after every byte it wrote),
    /// the container was removed before it ran, its start failed, or the attachment was ended.</summary>
    ValueTask<AttachOutput?> ReadAsync(CancellationToken cancellationToken);

    /// <summary>Writes to the container's stdin. An attach made before the start waits here until the container has
    /// been created (nothing is lost: the pipe holds it until the process reads). False when input is no longer
    /// taken (not <see cref="Stdin"/>, or the run is over).</summary>
    ValueTask<bool> WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>The client's input ended (its half-close). For a container created with StdinOnce (docker run -i)
    /// the container's stdin is closed and the output goes on until the run ends; otherwise stdin stays open for the
    /// next attach and this attachment ends, as Docker detaches such a client.</summary>
    ValueTask CloseStdinAsync(CancellationToken cancellationToken);
}
