using Dashboard.Cli;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Engine.Images;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Stats;
using Dashboard.Web.Hubs;
using Dashboard.Web.Metrics;
using Dashboard.Web.NativeApi;
using Dashboard.Web.Tests.Fakes;
using Dashboard.Web.Tests.Hosting;
using Dashboard.Web.Tests.NativeApi;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Web.Tests.Hubs;

/// <summary>
/// The daemon's composition in process (<see cref="TestApp"/>) over the fake engine, the fake stats service and a
/// real EventHub over an in-memory store, for the hub, /metrics and the native API on its unix socket.
/// </summary>
public sealed class EngineHubHost : IAsyncDisposable
{
    private readonly string _dir;
    private readonly WebApplication _app;
    private readonly List<HubConnection> _connections = [];
    private readonly FakeEngineParts _parts = new();

    public FakeImageService Images => _parts.Images;
    public FakeContainerEngine Engine => _parts.Engine;
    public FakeStatsService Stats => _parts.Stats;
    public InMemoryEventStore EventStore => _parts.EventStore;
    public EventHub Events => _parts.Events;
    public string SocketPath { get; }
    public HttpClient Http { get; }

    private EngineHubHost()
    {
        _dir = Directory.CreateTempSubdirectory("dash-hub-").FullName;
        SocketPath = TestApp.SocketPath(_dir);
        _app = TestApp.Build(_dir, _parts);
        Http = new HttpClient(UnixHandler(SocketPath)) { BaseAddress = new Uri("http://localhost/"), Timeout = TimeSpan.FromSeconds(30) };
    }

    public static async Task<EngineHubHost> StartAsync()
    {
        var host = new EngineHubHost();
        await host._app.StartAsync();
        return host;
    }

    /// <summary>A started hub connection over the socket: JSON over server-sent events, or MessagePack over long
    /// polling (binary frames cannot travel as server-sent events, and WebSockets cannot use our socket handler).</summary>
    public async Task<HubConnection> ConnectAsync(bool messagePack = false)
    {
        var builder = new HubConnectionBuilder().WithUrl("http://localhost" + EngineHubEndpoints.Path, o =>
        {
            o.Transports = messagePack ? HttpTransportType.LongPolling : HttpTransportType.ServerSentEvents;
            o.HttpMessageHandlerFactory = _ => UnixHandler(SocketPath);
        });
        if (messagePack) builder.AddMessagePackProtocol();
        var connection = builder.Build();
        await connection.StartAsync();
        _connections.Add(connection);
        return connection;
    }

    /// <summary>Creates and starts a container that runs until stopped.</summary>
    public async Task<ContainerRecord> RunAsync(string name, string? memory = null)
    {
        var created = await Engine.CreateAsync(new CreateContainerRequest { Name = name, Image = "busybox", Cmd = ["sh", "-c", "sleep inf"], Memory = memory }, default);
        await Engine.StartAsync(created.Id, default);
        return Engine.Get(created.Id);
    }

    public Task<EngineEvent> PublishAsync(string action, string actorId, params (string Key, string Value)[] attributes) =>
        Events.PublishAsync("container", action, actorId, attributes.ToDictionary(a => a.Key, a => a.Value), default);

    public async Task<CliResult> DashctlAsync(TimeSpan cancelAfter, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        using var cancel = new CancellationTokenSource(cancelAfter);
        var exit = await Dashctl.RunAsync(["--host", "unix://" + SocketPath, .. args], TextWriter.Synchronized(stdout), TextWriter.Synchronized(stderr), _ => null, cancel.Token);
        return new CliResult(exit, stdout.ToString(), stderr.ToString());
    }

    private static SocketsHttpHandler UnixHandler(string path) => TestApp.UnixHandler(path);

    public async ValueTask DisposeAsync()
    {
        foreach (var c in _connections) await c.DisposeAsync();
        await Engine.RemoveAllAsync();
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }
}

/// <summary>Samples for tests: every figure distinct so a wrong mapping shows.</summary>
public static class Samples
{
    public static ContainerStats For(string id, DateTimeOffset time, int scale = 1) => new()
    {
        ContainerId = id,
        Time = time,
        Cpu = new CpuStats
        {
            UsageNanos = 2_500_000_000UL * (ulong)scale, UserNanos = 1_500_000_000, SystemNanos = 1_000_000_000,
            Percent = 12.5 * scale, ThrottlingPeriods = 40, ThrottledPeriods = 7, ThrottledNanos = 350_000_000,
        },
        Memory = new MemoryStats { Usage = 50 << 20, WorkingSet = 40 << 20, Cache = 10 << 20, Rss = 30 << 20, Swap = 1 << 20, Limit = 200 << 20, OomKills = 2, MaxUsage = 60 << 20 },
        Pids = new PidsStats(3, 100),
        BlockIo = new BlockIoStats(4096, 8192, 1, 2),
        Networks = [new NetworkInterfaceStats("eth0", 1000, 10, 0, 0, 2000, 20, 0, 0)],
    };
}
