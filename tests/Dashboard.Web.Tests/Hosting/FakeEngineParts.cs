using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Engine.Images;
using Dashboard.Engine.Inspection;
using Dashboard.Engine.Runtime;
using Dashboard.Engine.Stats;
using Dashboard.Web.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Web.Tests.Hosting;

/// <summary>
/// Everything the daemon's engine puts into DI (Hosting/EngineHolder.cs, plus the host facts), as fakes: a test
/// registers these over the production composition and the rest of the app is the daemon's own.
/// </summary>
public sealed class FakeEngineParts
{
    /// <summary>2 CPUs, 4 GiB: what /info, /version, stats and the launch form are told about the host.</summary>
    public static readonly HostInfo FakeHost = new(2, 4L << 30, "6.1.0-fake", "Debian GNU/Linux 12 (bookworm)", "fakehost");

    /// <param name="host">What the fake engine's validator is told about the host (default: 2 CPUs, 4 GiB, none of
    /// the optional features).</param>
    public FakeEngineParts(Dashboard.Engine.Spec.HostLimits? host = null)
    {
        Engine = new FakeContainerEngine(Images, host);
        Events = new EventHub(EventStore, NullLogger<EventHub>.Instance);
        Namespaces = new FakeNamespaceInspector(Engine);
    }

    public FakeImageService Images { get; } = new();
    public FakeImagePuller Puller { get; } = new();
    public FakeContainerEngine Engine { get; }
    public FakeStatsService Stats { get; init; } = new();
    public InMemoryEventStore EventStore { get; } = new();
    public EventHub Events { get; }
    public FakeNamespaceInspector Namespaces { get; }
    public IContainerRuntime Runtime { get; } = new IdentityRuntime();

    /// <summary>Served instead of <see cref="Images"/> when set (a real image store, for archive limits).</summary>
    public IImageService? ImageService { get; private set; }

    /// <summary>These parts, with a real image store served instead of <see cref="Images"/>.</summary>
    public FakeEngineParts WithImageService(IImageService images)
    {
        ImageService = images;
        return this;
    }

    /// <summary>Registers the parts, replacing the engine's.</summary>
    public void Register(IServiceCollection services)
    {
        services.AddSingleton<IContainerEngine>(Engine);
        services.AddSingleton<Dashboard.Engine.ContainerFiles.IContainerFiles>(new FakeContainerFiles(Engine));
        services.AddSingleton(ImageService ?? Images);
        services.AddSingleton<Dashboard.Engine.Registry.IImagePuller>(Puller);
        services.AddSingleton<IStatsService>(Stats);
        services.AddSingleton(Events);
        services.AddSingleton<INamespaceInspector>(Namespaces);
        services.AddSingleton(Runtime);
        services.AddSingleton(FakeHost);
        var layout = new CgroupLayout(CgroupMode.Hybrid, "/sys/fs/cgroup", new Dictionary<string, string>(), "/sys/fs/cgroup/unified");
        services.AddSingleton(new RuntimeSelection(Runtime.Name, Runtime.Path, Runtime.Version, Runtime.ConmonPath, Runtime.ConmonVersion, layout, []));
    }
}
