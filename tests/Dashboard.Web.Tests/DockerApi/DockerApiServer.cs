using System.Net.Sockets;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Engine.Stats;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Images;
using Dashboard.Engine.Runtime;
using Dashboard.Web.DockerApi;
using Dashboard.Web.Tests.Fakes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>The Docker API on Kestrel, listening on a temporary unix socket, over the fake engine and image store.</summary>
public sealed class DockerApiServer : IAsyncLifetime
{
    private WebApplication? _app;

    public string SocketPath { get; } = Path.Combine(Path.GetTempPath(), $"dash-docker-{Guid.NewGuid():N}"[..24] + ".sock");
    public FakeImageService Images { get; } = new();

    /// <summary>Served instead of <see cref="Images"/> when set: a real image store, for archive limits.</summary>
    public IImageService? ImageService { get; init; }

    /// <summary>Registered when set, as the daemon registers its own: the edges check Content-Length against it.</summary>
    public ImageLimits? ImageLimits { get; init; }
    public FakeContainerEngine Engine { get; }
    public FakeStatsService Stats { get; } = new() { Interval = TimeSpan.FromMilliseconds(200) };
    public InMemoryEventStore EventStore { get; } = new();
    public EventHub Events { get; }

    /// <summary>The cgroup version whose stats shape the API imitates (tests pin it; the daemon detects it).</summary>
    public int CgroupVersion { get; set; } = 1;

    /// <param name="host">What the fake engine's validator is told about the host (default: 2 CPUs, 4 GiB, none of
    /// the optional features).</param>
    public DockerApiServer(Dashboard.Engine.Spec.HostLimits? host = null)
    {
        Engine = new FakeContainerEngine(Images, host);
        Events = new EventHub(EventStore, NullLogger<EventHub>.Instance);
    }

    public string DockerHost => "unix://" + SocketPath;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        // DASH_TEST_LOG=1 shows the server's log (request failures) in the test output.
        if (Environment.GetEnvironmentVariable("DASH_TEST_LOG") == "1")
            builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug);
        // No UseDockerApiConnections here on purpose: AddDockerApi must reach a socket bound in code before it.
        builder.WebHost.UseKestrel(k => k.ListenUnixSocket(SocketPath));
        builder.Services.AddDockerApi();
        builder.Services.Configure<DockerApiOptions>(o => o.CgroupVersion = CgroupVersion);
        builder.Services.AddSingleton<IStatsService>(Stats);
        builder.Services.AddSingleton(Events);
        builder.Services.AddSingleton<IContainerEngine>(Engine);
        builder.Services.AddSingleton(ImageService ?? Images);
        if (ImageLimits is not null) builder.Services.AddSingleton(ImageLimits);
        builder.Services.AddSingleton<IContainerRuntime>(new FakeRuntime());
        builder.Services.AddSingleton(new HostInfo(2, 4L << 30, "6.1.0-fake", "Debian GNU/Linux 12 (bookworm)", "fakehost"));
        _app = builder.Build();
        _app.UseDockerApiHeaders();
        _app.MapDockerApi();
        await _app.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await Engine.RemoveAllAsync();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
        File.Delete(SocketPath);
    }

    /// <summary>An HttpClient speaking HTTP/1.1 over the socket, for raw protocol checks.</summary>
    public HttpClient CreateHttpClient() => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, cancellationToken) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri("http://docker"), Timeout = TimeSpan.FromSeconds(20) };
}
