using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Dashboard.Contracts.Containers;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>
/// A raw client of the native exec WebSocket (<see cref="ExecProtocol"/>) for tests: it keeps what came on stdout and
/// stderr apart, the text messages in order, and how the server closed.
/// </summary>
internal sealed class ExecSocket : IAsyncDisposable
{
    private readonly ClientWebSocket _socket;
    private readonly MemoryStream _stdout = new();
    private readonly MemoryStream _stderr = new();
    private readonly List<string> _texts = [];
    private readonly Task _reading;
    private readonly SemaphoreSlim _sending = new(1, 1);

    private ExecSocket(ClientWebSocket socket)
    {
        _socket = socket;
        _reading = Task.Run(ReadAsync);
    }

    public string Stdout { get { lock (_stdout) return Encoding.UTF8.GetString(_stdout.ToArray()); } }
    public string Stderr { get { lock (_stderr) return Encoding.UTF8.GetString(_stderr.ToArray()); } }
    public IReadOnlyList<string> Texts { get { lock (_texts) return _texts.ToList(); } }
    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;
    public string? CloseDescription => _socket.CloseStatusDescription;
    public WebSocketState State => _socket.State;

    /// <summary>A handler that reaches the daemon's unix socket.</summary>
    public static SocketsHttpHandler UnixHandler(string socketPath) => new()
    {
        ConnectCallback = async (_, token) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), token);
            return new NetworkStream(socket, ownsSocket: true);
        },
    };

    /// <summary>Connects to /api/containers/{container}/exec?{query} on the daemon's unix socket.</summary>
    public static Task<ExecSocket> ConnectAsync(DaemonProcess d, string container, string query) =>
        ConnectAsync(new Uri($"ws://localhost/api/containers/{container}/exec?{query}"), new HttpMessageInvoker(UnixHandler(d.Socket)));

    public static async Task<ExecSocket> ConnectAsync(Uri uri, HttpMessageInvoker? invoker, Action<ClientWebSocketOptions>? options = null)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        options?.Invoke(socket.Options);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await socket.ConnectAsync(uri, invoker, timeout.Token);
        }
        catch (WebSocketException ex)
        {
            var status = socket.HttpStatusCode;
            socket.Dispose();
            throw new ExecRefusedException(status, ex);
        }
        return new ExecSocket(socket);
    }

    public Task SendStdinAsync(string text) => SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Binary);

    public Task SendControlAsync(string json) => SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text);

    /// <summary>Closes this side: the process's stdin ends, its output goes on.</summary>
    public async Task CloseInputAsync()
    {
        await _sending.WaitAsync();
        try { await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "end of input", CancellationToken.None); }
        finally { _sending.Release(); }
    }

    private async Task SendAsync(byte[] data, WebSocketMessageType type)
    {
        await _sending.WaitAsync();
        try { await _socket.SendAsync(data, type, true, CancellationToken.None); }
        finally { _sending.Release(); }
    }

    /// <summary>Waits (up to 30 s) until the server has closed; false when it did not.</summary>
    public async Task<bool> WaitClosedAsync(TimeSpan? patience = null)
    {
        var finished = await Task.WhenAny(_reading, Task.Delay(patience ?? TimeSpan.FromSeconds(30)));
        return finished == _reading;
    }

    /// <summary>Waits until stdout contains <paramref name="text"/>.</summary>
    public Task WaitForStdoutAsync(string text) =>
        Eventually.TrueAsync(() => Task.FromResult(Stdout.Contains(text, StringComparison.Ordinal)), $"'{text}' on stdout (so far: {Stdout})");

    /// <summary>The one exit message's code (asserts there is exactly one).</summary>
    public int ExitCode()
    {
        var exits = Texts.Where(t => t.Contains("\"exitCode\"", StringComparison.Ordinal)).ToList();
        Assert.True(exits.Count == 1, $"expected one exit message, got: {string.Join(" | ", Texts)}");
        return System.Text.Json.JsonDocument.Parse(exits[0]).RootElement.GetProperty("exitCode").GetInt32();
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer.AsMemory(), CancellationToken.None);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.State == WebSocketState.CloseReceived)
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    return;
                }
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage) continue;
                var data = message.ToArray();
                message.SetLength(0);
                if (received.MessageType == WebSocketMessageType.Text)
                {
                    lock (_texts) _texts.Add(Encoding.UTF8.GetString(data));
                    continue;
                }
                Assert.True(data.Length > 1, "an output message has its stream byte and at least one byte");
                var target = data[0] switch
                {
                    ExecProtocol.Stdout => _stdout,
                    ExecProtocol.Stderr => _stderr,
                    _ => throw new InvalidOperationException($"unknown stream byte {data[0]}"),
                };
                lock (target) target.Write(data, 1, data.Length - 1);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // Aborted by the server (or by this test's dispose).
        }
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Abort();
        await _reading;
        _socket.Dispose();
    }
}

/// <summary>The server refused the handshake with <see cref="Status"/>.</summary>
internal sealed class ExecRefusedException(HttpStatusCode status, Exception inner) : Exception($"exec refused with {(int)status}", inner)
{
    public HttpStatusCode Status { get; } = status;
}
