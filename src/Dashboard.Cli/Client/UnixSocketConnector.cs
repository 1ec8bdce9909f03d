using System.Net.Sockets;

namespace Dashboard.Cli.Client;

/// <summary>Connects HTTP to the daemon's unix socket: the REST client and the hub connection both go through it.</summary>
internal static class UnixSocketConnector
{
    public static Func<SocketsHttpConnectionContext, CancellationToken, ValueTask<Stream>> To(string path) =>
        async (_, ct) =>
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
        };
}
