using System.Net.Sockets;

namespace Dashboard.Benchmarks;

/// <summary>HTTP to the daemon over its unix socket (the handler dashctl uses), for the API and the hub alike.</summary>
internal static class UnixSocketHttp
{
    public static SocketsHttpHandler Handler(string path) => new()
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        },
    };

    public static HttpClient Client(string path) =>
        new(Handler(path)) { BaseAddress = new Uri("http://localhost/"), Timeout = TimeSpan.FromSeconds(60) };
}
