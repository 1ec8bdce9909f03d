using System.Threading.Channels;
using Dashboard.Engine.Runtime;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Containers;

/// <summary>
/// The engine's side of one attach. It is created pending (the container is not running: an attach made before the
/// start) or connected at once (a running container), and is connected to conmon's attach socket at most once: the
/// start that follows connects it between the runtime's create and start, so it gets the run's first byte. A pump
/// reads conmon's packets into a small buffer the caller reads from; when the caller is behind, the pump waits for it,
/// which holds conmon (and so the container's writes) back, as Docker holds a container back for a slow attached
/// client. After <see cref="ReleaseBackpressure"/> (a stop, a SIGKILL, a remove) a reader that is still behind one
/// second later is cut off and the pump drains conmon to the end, so nothing the engine waits for waits for a client.
/// </summary>
internal sealed class ContainerAttachment : IContainerAttachment
{
    /// <summary>Chunks (at most 8 KiB each) held for a reader that is behind before conmon is held back.</summary>
    internal const int BufferedChunks = 64;

    /// <summary>How long a reader that is behind may keep conmon waiting once the container is being stopped or killed.</summary>
    internal static readonly TimeSpan ReleaseGrace = TimeSpan.FromSeconds(1);

    private enum State { Pending, Connected, Ended }

    private readonly AttachRequest _request;
    private readonly bool _stdinOnce;
    private readonly bool _lingerOnDispose;
    private readonly AttachmentSet _owner;
    private readonly Channel<AttachOutput> _output = Channel.CreateBounded<AttachOutput>(
        new BoundedChannelOptions(BufferedChunks) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
    private readonly TaskCompletionSource<IAttachConnection?> _connected = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _released = new();
    private readonly CancellationTokenSource _closed = new();
    private readonly Lock _gate = new();
    private State _state;
    private IAttachConnection? _connection;
    private volatile bool _discarding;
    private int _disposed;
    private Task _pump = Task.CompletedTask;

    public ContainerAttachment(string containerId, AttachRequest request, ContainerConfig config, AttachmentSet owner)
        // conmon without --leave-stdin-open (StdinOnce) closes the container's stdin when any attach connection closes.
        // An attach without input that goes away early keeps draining to the end of the run instead, so that, as in
        // Docker, only the end of the input of the attach that carries it closes stdin.
        : this(containerId, request, request.Stdin && config.OpenStdin, config.StdinOnce,
            lingerOnDispose: !(request.Stdin && config.OpenStdin) && config.OpenStdin && config.StdinOnce, owner)
    {
    }

    /// <summary>An exec's attachment: <paramref name="stdin"/> when the exec takes input, which ends with the client's
    /// (conmon closes the exec's stdin when this side stops writing).</summary>
    public ContainerAttachment(string containerId, AttachRequest request, bool stdin, bool stdinOnce, bool lingerOnDispose, AttachmentSet owner)
    {
        ContainerId = containerId;
        Stdin = stdin;
        _request = request;
        _stdinOnce = stdinOnce;
        _lingerOnDispose = lingerOnDispose;
        _owner = owner;
    }

    public string ContainerId { get; }

    public bool Stdin { get; }

    /// <summary>The pump's task: completes once the connection is closed (for tests).</summary>
    internal Task Pump
    {
        get { lock (_gate) return _pump; }
    }

    /// <summary>Chunks read from conmon that the reader has not taken yet (for tests: at <see cref="BufferedChunks"/>
    /// the pump holds conmon back).</summary>
    internal int BufferedChunkCount => _output.Reader.Count;

    /// <summary>Connected (true), ended before any connection (false), or not yet (pending).</summary>
    internal Task<IAttachConnection?> Connected => _connected.Task;

    /// <summary>Hands over the connection to the container's conmon (or an exec's own streams) and starts the pump. An attachment that has
    /// ended meanwhile (its client left) closes the connection at once.</summary>
    public void Connect(IAttachConnection connection)
    {
        lock (_gate)
        {
            if (_state != State.Pending)
            {
                connection.Dispose();
                return;
            }
            _state = State.Connected;
            _connection = connection;
            _pump = Task.Run(() => PumpAsync(connection));
        }
        _connected.TrySetResult(connection);
    }

    /// <summary>Ends the attachment: a pending one will not be connected, a connected one's connection is closed.
    /// The reader gets what is buffered, then the end. Idempotent.</summary>
    public void End()
    {
        IAttachConnection? connection;
        lock (_gate)
        {
            if (_state == State.Ended) return;
            connection = _connection;
            _state = State.Ended;
        }
        _connected.TrySetResult(null);
        _output.Writer.TryComplete();
        _closed.Cancel();
        connection?.Dispose();
        _owner.Remove(this);
    }

    /// <summary>The container is being stopped, killed or removed: from one second on, a reader that is behind is cut
    /// off instead of holding conmon back (conmon could not process the exit otherwise).</summary>
    public void ReleaseBackpressure()
    {
        try { _released.CancelAfter(ReleaseGrace); }
        catch (ObjectDisposedException) { }
    }

    public async ValueTask<AttachOutput?> ReadAsync(CancellationToken cancellationToken)
    {
        while (await _output.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            if (_output.Reader.TryRead(out var chunk)) return chunk;
        return null;
    }

    public async ValueTask<bool> WriteStdinAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        if (!Stdin) return false;
        var connection = await _connected.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return connection is not null && await connection.SendStdinAsync(data, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask CloseStdinAsync(CancellationToken cancellationToken)
    {
        if (!Stdin) return;
        var connection = await _connected.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        if (connection is null) return;
        if (_stdinOnce) connection.CloseStdin();
        else End();
    }

    /// <summary>Never blocks: a pending attachment is dropped, a connected one closed (or, see the constructor, left
    /// draining to the end of the run).</summary>
    public ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return ValueTask.CompletedTask;
        var linger = false;
        lock (_gate)
        {
            if (_state == State.Connected && _lingerOnDispose)
            {
                _discarding = true;
                linger = true;
            }
        }
        if (linger) _output.Writer.TryComplete();
        else End();
        return ValueTask.CompletedTask;
    }

    private async Task PumpAsync(IAttachConnection connection)
    {
        var buffer = new byte[ConmonAttach.MaxPacketSize];
        try
        {
            while (await connection.ReceiveAsync(buffer, _closed.Token).ConfigureAwait(false) is { } packet)
            {
                if (_discarding) continue;
                var stream = packet.Pipe == AttachPipe.Stderr ? LogStream.Stderr : LogStream.Stdout;
                if (stream == LogStream.Stdout ? !_request.Stdout : !_request.Stderr) continue;
                var chunk = new AttachOutput(stream, buffer.AsSpan(1, packet.Length).ToArray());
                if (_output.Writer.TryWrite(chunk)) continue;
                try
                {
                    await _output.Writer.WriteAsync(chunk, _released.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
                {
                    // Released while the reader was behind, or the reader is gone: drain conmon to the end of the run.
                    _discarding = true;
                    _output.Writer.TryComplete();
                }
            }
        }
        catch (OperationCanceledException) when (_closed.IsCancellationRequested)
        {
        }
        finally
        {
            _output.Writer.TryComplete();
            connection.Dispose();
            lock (_gate) _state = State.Ended;
            _connected.TrySetResult(null);
            _owner.Remove(this);
            _released.Dispose();
        }
    }
}
