using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;

namespace Dashboard.Engine.Runtime;

/// <summary>
/// The daemon's ends of a <c>runc exec</c> it runs itself (<see cref="DirectExec"/>): runc's stdout and stderr, and its
/// stdin when the exec takes input, each a Unix stream socket (so that reads and writes are the socket engine's epoll
/// waits, not a blocked thread each). Two pumps read stdout and stderr into a small buffer that
/// <see cref="ReceiveAsync"/> hands out as conmon-style packets; a reader that is behind holds runc (and so the
/// process's writes) back, as conmon's attach socket does. <see cref="Completion"/> is the end of both: runc closes them
/// only when it exits. Once disposed, the output is read on and dropped until that end, as conmon drops an exec's output
/// when its attach connection goes, so the process never blocks on a full pipe and is never sent SIGPIPE.
/// </summary>
public sealed class DirectExecStreams : IAttachConnection
{
    private const int BufferedChunks = 4;
    private const int ChunkSize = ConmonAttach.MaxPacketSize - 1;

    private readonly Socket? _stdin;
    private readonly Channel<(AttachPipe Pipe, byte[] Data)> _output = Channel.CreateBounded<(AttachPipe, byte[])>(
        new BoundedChannelOptions(BufferedChunks) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly Task _completion;
    private volatile bool _discarding;
    private int _disposed;

    public DirectExecStreams(Socket? stdin, Socket stdout, Socket stderr)
    {
        _stdin = stdin;
        _completion = CompleteAsync(Task.Run(() => PumpAsync(stdout, AttachPipe.Stdout)), Task.Run(() => PumpAsync(stderr, AttachPipe.Stderr)));
    }

    /// <summary>Completes when both stdout and stderr have ended: runc has exited (or is exiting).</summary>
    public Task Completion => _completion;

    public async ValueTask<AttachPacket?> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        if (buffer.Length < ConmonAttach.MaxPacketSize) throw new ArgumentException($"the buffer must hold {ConmonAttach.MaxPacketSize} bytes", nameof(buffer));
        while (await _output.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!_output.Reader.TryRead(out var chunk)) continue;
            buffer.Span[0] = (byte)chunk.Pipe;
            chunk.Data.CopyTo(buffer[1..]);
            return new AttachPacket(chunk.Pipe, chunk.Data.Length);
        }
        return null;
    }

    public async ValueTask<bool> SendStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (_stdin is null) return false;
        try
        {
            while (!data.IsEmpty)
            {
                var sent = await _stdin.SendAsync(data, SocketFlags.None, cancellationToken).ConfigureAwait(false);
                data = data[sent..];
            }
            return true;
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException)
        {
            return false;
        }
    }

    /// <summary>runc reads the end of its stdin and closes the process's.</summary>
    public void CloseStdin()
    {
        try { _stdin?.Shutdown(SocketShutdown.Send); }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException) { }
    }

    /// <summary>After a start that failed (runc exited without running the process): what runc wrote to stderr.</summary>
    internal async Task<string> ReadStderrToEndAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        await foreach (var (pipe, data) in _output.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            if (pipe == AttachPipe.Stderr) text.Append(Encoding.UTF8.GetString(data));
        return text.ToString();
    }

    /// <summary>Closes stdin and drops the rest of the output (read on to its end, so the process is not held up).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _discarding = true;
        _output.Writer.TryComplete();
        _stdin?.Dispose();
    }

    private async Task PumpAsync(Socket socket, AttachPipe pipe)
    {
        var buffer = new byte[ChunkSize];
        try
        {
            while (true)
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None).ConfigureAwait(false);
                if (read == 0) return;
                if (_discarding) continue;
                try
                {
                    await _output.Writer.WriteAsync((pipe, buffer.AsSpan(0, read).ToArray())).ConfigureAwait(false);
                }
                catch (ChannelClosedException)
                {
                    _discarding = true;
                }
            }
        }
        catch (SocketException)
        {
            // runc's end went away abnormally: the end of this stream all the same.
        }
        finally
        {
            socket.Dispose();
        }
    }

    private async Task CompleteAsync(Task stdout, Task stderr)
    {
        await Task.WhenAll(stdout, stderr).ConfigureAwait(false);
        _output.Writer.TryComplete();
    }
}
