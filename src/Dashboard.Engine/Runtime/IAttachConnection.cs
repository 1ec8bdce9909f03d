namespace Dashboard.Engine.Runtime;

/// <summary>
/// The streams of one attached process as the engine reads and writes them: packets of stdout or stderr, input for
/// its stdin, and the end of that input. Either a connection to conmon's attach socket (<see cref="ConmonAttach"/>: a
/// container, or an exec through conmon) or the pipes of a <c>runc exec</c> the daemon runs itself
/// (<see cref="DirectExecStreams"/>: an attached exec without a terminal).
/// </summary>
public interface IAttachConnection : IDisposable
{
    /// <summary>Receives the next packet of output into <paramref name="buffer"/> (at least
    /// <see cref="ConmonAttach.MaxPacketSize"/> bytes); its data is at offset 1. Null at the end of the output.</summary>
    ValueTask<AttachPacket?> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken);

    /// <summary>Writes <paramref name="data"/> to the process's stdin. False when it no longer takes input.</summary>
    ValueTask<bool> SendStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>Ends the process's input (unless it keeps stdin open); output keeps coming.</summary>
    void CloseStdin();
}
