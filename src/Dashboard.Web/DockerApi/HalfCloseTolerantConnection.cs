using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Http.Features;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// Kestrel treats a FIN from the client as the end of the connection and aborts the response. The docker CLI
/// half-closes its side of a hijacked attach as soon as it has no more stdin (CloseWrite), and still expects the
/// output: with Kestrel's default, "docker run busybox echo hi" prints nothing. This connection wrapper hides the
/// transport's "closed" signal from the HTTP layer once the connection has been hijacked by an attach; before
/// that, and for every other request, the signal passes through unchanged (so abandoned requests still cancel).
/// </summary>
internal sealed class HalfCloseTolerantConnection : ConnectionContext
{
    private static readonly ConcurrentDictionary<string, HalfCloseTolerantConnection> Live = new();

    private readonly ConnectionContext _inner;
    private Hijack.DiscardableDuplexPipe _transport;
    private readonly CancellationTokenSource _closed = new();
    private readonly CancellationTokenRegistration _registration;
    private volatile bool _hijacked;

    private HalfCloseTolerantConnection(ConnectionContext inner)
    {
        _inner = inner;
        _transport = new Hijack.DiscardableDuplexPipe(inner.Transport);
        _registration = inner.ConnectionClosed.Register(() =>
        {
            if (!_hijacked) Cancel();
        });
    }

    /// <summary>Connection middleware for a Kestrel endpoint.</summary>
    public static ConnectionDelegate Middleware(ConnectionDelegate next) => async connection =>
    {
        if (connection is HalfCloseTolerantConnection)
        {
            await next(connection);
            return;
        }
        var wrapper = new HalfCloseTolerantConnection(connection);
        Live[connection.ConnectionId] = wrapper;
        try
        {
            await next(wrapper);
        }
        finally
        {
            Live.TryRemove(connection.ConnectionId, out _);
            await wrapper.DisposeCoreAsync();
        }
    };

    /// <summary>Called by attach before it takes the connection over: from now on a FIN is only a half-close.
    /// Returns false when the endpoint does not use this middleware (then a half-close still ends the output).</summary>
    public static bool MarkHijacked(string connectionId)
    {
        if (!Live.TryGetValue(connectionId, out var connection)) return false;
        connection._hijacked = true;
        return true;
    }

    /// <summary>
    /// For an attach sent without Upgrade (Docker.DotNet 3.x, which takes a 200 and then writes the container's stdin
    /// on the same connection, as moby allows): marks the connection hijacked and hands over the raw bytes that follow
    /// the request. Kestrel does not read a connection while it serves a request without a body, and the caller closes
    /// the connection after its response, so nothing else reads them. Null when the endpoint does not use this
    /// middleware.
    /// </summary>
    public static Stream? TakeOverInput(string connectionId)
    {
        if (!Live.TryGetValue(connectionId, out var connection)) return null;
        connection._hijacked = true;
        return connection._inner.Transport.Input.AsStream(leaveOpen: true);
    }

    /// <summary>
    /// For an upgrade request that carries a body (the docker CLI's exec start: {"Detach":false,"Tty":...} with
    /// Connection: Upgrade), which Kestrel does not offer to upgrade: marks the connection hijacked and hands over its
    /// transport, on which the caller writes the 101 itself once the body has been read; what the HTTP layer writes after
    /// that is dropped (see <see cref="Hijack.DiscardableOutput"/>). The caller completes the transport's output when its
    /// stream ends. Null when the endpoint does not use this middleware.
    /// </summary>
    public static IDuplexPipe? TakeOverTransport(string connectionId)
    {
        if (!Live.TryGetValue(connectionId, out var connection)) return null;
        connection._hijacked = true;
        connection._transport.Discardable.Discard();
        return connection._inner.Transport;
    }

    private void Cancel()
    {
        try { _closed.Cancel(); } catch (ObjectDisposedException) { }
    }

    private async ValueTask DisposeCoreAsync()
    {
        await _registration.DisposeAsync();
        _closed.Dispose();
    }

    public override string ConnectionId { get => _inner.ConnectionId; set => _inner.ConnectionId = value; }
    public override IFeatureCollection Features => _inner.Features;
    public override IDictionary<object, object?> Items { get => _inner.Items; set => _inner.Items = value; }
    public override IDuplexPipe Transport
    {
        get => _transport;
        set
        {
            // A middleware after this one (TLS) wraps the transport: the wrapped one is the one taken over.
            _inner.Transport = value;
            _transport = new Hijack.DiscardableDuplexPipe(value);
        }
    }
    public override EndPoint? LocalEndPoint { get => _inner.LocalEndPoint; set => _inner.LocalEndPoint = value; }
    public override EndPoint? RemoteEndPoint { get => _inner.RemoteEndPoint; set => _inner.RemoteEndPoint = value; }
    public override CancellationToken ConnectionClosed { get => _closed.Token; set => throw new NotSupportedException(); }

    public override void Abort(ConnectionAbortedException abortReason)
    {
        _inner.Abort(abortReason);
        Cancel();
    }

    public override ValueTask DisposeAsync() => _inner.DisposeAsync();
}
