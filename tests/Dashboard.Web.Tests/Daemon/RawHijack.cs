using System.Net.Sockets;
using System.Text;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>
/// A hijacked attach or exec start over the daemon's unix socket, written by hand: the request with "Upgrade: tcp",
/// the 101, then raw bytes both ways. Unlike the docker CLI (which scans its own input for the detach keys and closes
/// the connection itself), it sends every byte it is given, so what happens on the detach keys is the daemon's doing.
/// </summary>
internal sealed class RawHijack : IAsyncDisposable
{
    private readonly Socket _socket;
    private readonly StringBuilder _received = new();

    private RawHijack(Socket socket) => _socket = socket;

    /// <summary>Everything the stream has carried so far (a TTY's raw output).</summary>
    public string Received => _received.ToString();

    public static async Task<RawHijack> OpenAsync(DaemonProcess d, string path, string? jsonBody = null)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(d.Socket));
        var body = jsonBody ?? "";
        var head = $"POST {path} HTTP/1.1\r\nHost: docker\r\nConnection: Upgrade\r\nUpgrade: tcp\r\n" +
            (jsonBody is null ? "Content-Length: 0\r\n" : $"Content-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\n") +
            "\r\n" + body;
        await socket.SendAsync(Encoding.UTF8.GetBytes(head));
        var hijack = new RawHijack(socket);
        var status = await hijack.ReadHeadAsync();
        Assert.True(status.StartsWith("HTTP/1.1 101", StringComparison.Ordinal), $"POST {path} was not upgraded: {status}");
        return hijack;
    }

    public async Task SendAsync(string text) => await _socket.SendAsync(Encoding.Latin1.GetBytes(text));

    /// <summary>Reads until the output contains <paramref name="text"/>; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForAsync(string text, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        while (!Received.Contains(text, StringComparison.Ordinal))
        {
            int n;
            try { n = await _socket.ReceiveAsync(buffer, cancel.Token); }
            catch (OperationCanceledException) { throw new TimeoutException($"'{text}' did not arrive; the stream carried: {Received}"); }
            if (n == 0) throw new EndOfStreamException($"the stream ended before '{text}'; it carried: {Received}");
            _received.Append(Encoding.Latin1.GetString(buffer, 0, n));
        }
    }

    /// <summary>True when the daemon ends the stream (EOF) within <paramref name="timeout"/>; what comes before is
    /// kept in <see cref="Received"/>.</summary>
    public async Task<bool> EndsWithinAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var n = await _socket.ReceiveAsync(buffer, cancel.Token);
                if (n == 0) return true;
                _received.Append(Encoding.Latin1.GetString(buffer, 0, n));
            }
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>The response head, read a byte at a time so that no byte of the stream after it is taken.</summary>
    private async Task<string> ReadHeadAsync()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var head = new StringBuilder();
        var one = new byte[1];
        while (!head.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal))
        {
            if (await _socket.ReceiveAsync(one, cancel.Token) == 0) break;
            head.Append((char)one[0]);
        }
        return head.ToString();
    }
}
