using System.Net.Sockets;
using Dashboard.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>
/// The daemon's own composition (<see cref="DashboardApp.Build"/>) for an in-process test: its data root, run root and
/// unix socket in a temporary directory, TCP on a free loopback port, the engine replaced by
/// <see cref="FakeEngineParts"/>, and whatever else the test swaps in. Logs are dropped unless DASH_TEST_LOG=1.
/// </summary>
public static class TestApp
{
    /// <param name="directory">Holds data/, run/ and api.sock; the caller deletes it.</param>
    /// <param name="settings">Configuration over the defaults (keys as in appsettings.json, "Engine:DataRoot").</param>
    /// <param name="services">Last word on the services.</param>
    public static WebApplication Build(string directory, FakeEngineParts engine, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var defaults = new Dictionary<string, string?>
        {
            ["Engine:DataRoot"] = DataRoot(directory),
            ["Engine:RunRoot"] = Path.Combine(directory, "run"),
            ["Api:UnixSocket"] = SocketPath(directory),
            ["Urls"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) defaults[key] = value;
        return DashboardApp.Build([], builder =>
        {
            builder.Configuration.AddInMemoryCollection(defaults);
            builder.Logging.ClearProviders();
            // DASH_TEST_LOG=1 shows the server's log (request failures) in the test output.
            if (Environment.GetEnvironmentVariable("DASH_TEST_LOG") == "1")
                builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
            engine.Register(builder.Services);
            services?.Invoke(builder.Services);
        });
    }

    public static string SocketPath(string directory) => Path.Combine(directory, "api.sock");
    public static string DataRoot(string directory) => Path.Combine(directory, "data");

    /// <summary>An HTTP/1.1 handler that connects to a unix socket.</summary>
    public static SocketsHttpHandler UnixHandler(string socketPath) => new()
    {
        ConnectCallback = async (_, ct) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), ct);
            return new NetworkStream(socket, ownsSocket: true);
        },
    };
}
