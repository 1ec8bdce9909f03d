using Dashboard.Cli.Commands;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Cli.Client;

/// <summary>
/// A SignalR connection to the daemon's /hubs/engine. Over a unix socket the HTTP traffic goes through our own
/// SocketsHttpHandler, which WebSockets cannot use, so the transport is server-sent events (long polling as the
/// fallback).
/// </summary>
public static class EngineHubClient
{
    public const string Path = "hubs/engine";

    public static async Task<HubConnection> ConnectAsync(DaemonAddress address, CancellationToken ct)
    {
        var url = new Uri(address.HttpBase ?? new Uri("http://localhost/"), Path);
        var connection = new HubConnectionBuilder()
            .WithUrl(url, o =>
            {
                o.Transports = HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
                if (address.SocketPath is { } socketPath)
                    o.HttpMessageHandlerFactory = _ => new SocketsHttpHandler { ConnectCallback = UnixSocketConnector.To(socketPath) };
            })
            .Build();
        try
        {
            await connection.StartAsync(ct);
        }
        catch (HttpRequestException ex)
        {
            await connection.DisposeAsync();
            throw new DaemonUnavailableException(address, ex);
        }
        return connection;
    }

    /// <summary>Runs a stream and turns a server-side failure into text a person can read.</summary>
    public static async IAsyncEnumerable<T> StreamAsync<T>(HubConnection connection, string method, object?[] args,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var stream = connection.StreamAsyncCore<T>(method, args, ct);
        await using var e = stream.GetAsyncEnumerator(ct);
        while (true)
        {
            bool more;
            try
            {
                more = await e.MoveNextAsync();
            }
            catch (HubException ex)
            {
                throw new CliException("Error response from daemon: " + StripPrefix(ex.Message));
            }
            if (!more) yield break;
            yield return e.Current;
        }
    }

    // SignalR prefixes the server's HubException message with its own words.
    private static string StripPrefix(string message)
    {
        const string marker = "HubException: ";
        var i = message.IndexOf(marker, StringComparison.Ordinal);
        return i >= 0 ? message[(i + marker.Length)..] : message;
    }
}
