using Dashboard.Engine.Events;
using Dashboard.Engine.Images;
using Dashboard.Web.Tests.Fakes;
using Dashboard.Web.Tests.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>The daemon's composition in process with the fake engine and image store, for the Docker API on its
/// unix socket (<see cref="TestApp"/>).</summary>
public sealed class DockerApiServer : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dash-docker-").FullName;
    private readonly FakeEngineParts _parts;
    private WebApplication? _app;

    public string SocketPath => TestApp.SocketPath(_dir);
    /// <summary>The app's Engine:DataRoot.</summary>
    public string DataRoot => TestApp.DataRoot(_dir);
    public FakeImageService Images => _parts.Images;
    public FakeImagePuller Puller => _parts.Puller;

    /// <summary>Served instead of <see cref="Images"/> when set: a real image store, for archive limits.</summary>
    public IImageService? ImageService { get; init; }

    /// <summary>Registered over the daemon's own (from Engine:Image* settings) when set: the edges check
    /// Content-Length against it.</summary>
    public ImageLimits? ImageLimits { get; init; }
    public FakeContainerEngine Engine => _parts.Engine;
    public FakeStatsService Stats => _parts.Stats;
    public InMemoryEventStore EventStore => _parts.EventStore;
    public EventHub Events => _parts.Events;

    /// <summary>The cgroup version whose stats shape the API imitates (tests pin it; the daemon detects it).</summary>
    public int CgroupVersion { get; set; } = 1;

    /// <param name="host">What the fake engine's validator is told about the host (default: 2 CPUs, 4 GiB, none of
    /// the optional features).</param>
    public DockerApiServer(Dashboard.Engine.Spec.HostLimits? host = null)
    {
        _parts = new FakeEngineParts(host) { Stats = new FakeStatsService { Interval = TimeSpan.FromMilliseconds(200) } };
    }

    public string DockerHost => "unix://" + SocketPath;

    public async Task InitializeAsync()
    {
        var parts = ImageService is null ? _parts : _parts.WithImageService(ImageService);
        _app = TestApp.Build(_dir, parts,
            new Dictionary<string, string?> { ["DockerApi:CgroupVersion"] = CgroupVersion.ToString() },
            services => { if (ImageLimits is not null) services.AddSingleton(ImageLimits); });
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
        Directory.Delete(_dir, recursive: true);
    }

    /// <summary>An HttpClient speaking HTTP/1.1 over the socket, for raw protocol checks.</summary>
    public HttpClient CreateHttpClient() => new(TestApp.UnixHandler(SocketPath))
    { BaseAddress = new Uri("http://docker"), Timeout = TimeSpan.FromSeconds(20) };
}
