using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Dashboard.Engine.Runtime;

/// <summary>Which of the container's pipes a packet of the attach socket belongs to: its first byte (conmon's
/// stdpipe_t).</summary>
public enum AttachPipe : byte
{
    Stdin = 1,
    Stdout = 2,
    Stderr = 3,
}

/// <summary>One packet conmon sent: <see cref="Length"/> bytes of <see cref="Pipe"/> output, at offset 1 of the buffer
/// it was received into.</summary>
public readonly record struct AttachPacket(AttachPipe Pipe, int Length);

/// <summary>
/// One connection to a container's conmon attach socket: "attach" in the bundle directory, a SOCK_SEQPACKET socket that
/// conmon listens on from before the runtime's create until the container has exited (read in conmon 2.1.6's
/// src/conn_sock.c and ctr_stdio.c). conmon sends every chunk it reads from the container's stdout or stderr pipe (at
/// most 8192 bytes) as one packet whose first byte names the pipe, right after writing it to the log. Each packet sent
/// to conmon is written to the container's stdin (conmon -i; conmon reads at most 32768 bytes a packet), and shutting
/// down this side's writing closes the container's stdin unless conmon runs with --leave-stdin-open. When the container
/// exits, conmon drains both pipes, closes every attach connection and only then writes the exit file, so a reader that
/// reaches the end of the stream has every byte of the run's output.
/// <para>
/// conmon writes to attach connections with blocking writes from its only thread: a connection nobody reads holds up
/// the container's output, its log and the processing of its exit. Whoever holds one keeps reading it, or disposes it.
/// The socket is reached through an O_PATH handle of the bundle directory (/proc/self/fd/N/attach), as podman does, so
/// the length of the data root's path never matters (a socket address holds 107 bytes).
/// </para>
/// </summary>
public sealed class ConmonAttach : IAttachConnection
{
    /// <summary>The largest packet conmon sends: STDIO_BUF_SIZE plus the pipe byte. A receive buffer must hold it
    /// (a sequenced packet larger than the buffer is cut).</summary>
    public const int MaxPacketSize = 8192 + 1;

    /// <summary>The most conmon reads of one packet bound for stdin (CONN_SOCK_BUF_SIZE); longer writes are split.</summary>
    public const int MaxStdinPacketSize = 32768;

    private const int EAGAIN = 11;
    private static readonly TimeSpan s_connectPatience = TimeSpan.FromSeconds(5);

    private readonly Socket _socket;

    private ConmonAttach(Socket socket) => _socket = socket;

    /// <summary>Wraps a connected SOCK_SEQPACKET socket that speaks conmon's protocol (test fakes use one end of a
    /// socket pair).</summary>
    internal static ConmonAttach FromSocket(Socket socket) => new(socket);

    /// <summary>
    /// Connects to the attach socket in <paramref name="bundlePath"/>. Throws <see cref="AttachUnavailableException"/>
    /// when there is no conmon listening (it never ran, or the run is over). conmon accepts in its main loop, so a
    /// connection made before the container runs waits in the socket's backlog (10) and is accepted before conmon
    /// reads any output: packets go only to accepted connections, and conmon's loop serves the listening socket,
    /// registered first, before the container's pipes. When the backlog is full the connect is retried for 5 s.
    /// </summary>
    public static async Task<ConmonAttach> ConnectAsync(string bundlePath, CancellationToken cancellationToken)
    {
        var directory = NativeMethods.open(bundlePath, NativeMethods.O_PATH | NativeMethods.O_DIRECTORY | NativeMethods.O_CLOEXEC);
        if (directory < 0)
            throw new AttachUnavailableException($"the container's directory {bundlePath} cannot be opened: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        try
        {
            var endpoint = new UnixDomainSocketEndPoint($"/proc/self/fd/{directory}/attach");
            var deadline = DateTime.UtcNow + s_connectPatience;
            while (true)
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Seqpacket, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(endpoint, cancellationToken).ConfigureAwait(false);
                    return new ConmonAttach(socket);
                }
                catch (SocketException ex) when (IsBacklogFull(ex) && DateTime.UtcNow < deadline)
                {
                    socket.Dispose();
                    await Task.Delay(10, cancellationToken).ConfigureAwait(false);
                }
                catch (SocketException ex)
                {
                    socket.Dispose();
                    throw new AttachUnavailableException($"conmon's attach socket in {bundlePath} does not answer: {ex.Message}");
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            }
        }
        finally
        {
            NativeMethods.close(directory);
        }
    }

    /// <summary>Receives the next packet into <paramref name="buffer"/> (at least <see cref="MaxPacketSize"/> bytes);
    /// its data is at offset 1. Null at the end: conmon closed the connection (the run is over) or it was disposed.</summary>
    public async ValueTask<AttachPacket?> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.Length < MaxPacketSize) throw new ArgumentException($"the buffer must hold {MaxPacketSize} bytes", nameof(buffer));
        while (true)
        {
            int received;
            try
            {
                received = await _socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException { SocketErrorCode: SocketError.ConnectionReset or SocketError.OperationAborted })
            {
                return null;
            }
            if (received == 0) return null;
            // An empty packet, or one of a pipe this side does not read (stdin is never echoed without a terminal).
            var pipe = (AttachPipe)buffer.Span[0];
            if (received > 1 && pipe is AttachPipe.Stdout or AttachPipe.Stderr) return new AttachPacket(pipe, received - 1);
        }
    }

    /// <summary>Writes <paramref name="data"/> to the container's stdin, in packets conmon reads whole. Returns false
    /// when conmon no longer takes input (the run is over).</summary>
    public async ValueTask<bool> SendStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            while (!data.IsEmpty)
            {
                var chunk = data[..Math.Min(data.Length, MaxStdinPacketSize)];
                var sent = await _socket.SendAsync(chunk, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                data = data[sent..];
            }
            return true;
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
        {
            return false;
        }
    }

    /// <summary>Ends this side's writing: conmon closes the container's stdin (without --leave-stdin-open). Output
    /// keeps coming.</summary>
    public void CloseStdin()
    {
        try { _socket.Shutdown(SocketShutdown.Send); }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException) { }
    }

    public void Dispose() => _socket.Dispose();

    private static bool IsBacklogFull(SocketException ex) =>
        ex.SocketErrorCode is SocketError.WouldBlock or SocketError.TryAgain || ex.NativeErrorCode == EAGAIN;
}

/// <summary>No conmon listens on the container's attach socket: the container is not running (any more).</summary>
public sealed class AttachUnavailableException(string message) : EngineException(message);
