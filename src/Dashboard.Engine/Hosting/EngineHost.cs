using Dashboard.Engine.Configuration;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Containers.Logs;
using Dashboard.Engine.Events;
using Dashboard.Engine.Images;
using Dashboard.Engine.Monitoring;
using Dashboard.Engine.Networking;
using Dashboard.Engine.Inspection;
using Dashboard.Engine.Persistence;
using Dashboard.Engine.Runtime;
using Dashboard.Engine.Snapshots;
using Dashboard.Engine.Stats;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Hosting;

/// <summary>
/// The whole engine, composed: image store, snapshotter, runtime, container lifecycle, events and the exit, OOM and log
/// watchers. <see cref="StartAsync"/> prepares the directories, makes the built-in image, re-adopts containers and
/// starts the watch loops; disposing stops the loops and leaves every container running under conmon, so that a
/// daemon restart (or crash) never takes containers with it.
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly EngineOptions _options;
    private readonly ILogger _logger;
    private readonly ExitWatcher _exitWatcher;
    private readonly OomWatcher _oomWatcher;
    private readonly LogRotationWatcher _logRotation;
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];

    public ContainerEngine Containers { get; }
    public IImageService Images { get; }
    /// <summary>docker pull and login against registries.</summary>
    public Registry.IImagePuller Puller { get; }
    public IContainerRuntime Runtime { get; }
    public RuntimeSelection Selection { get; }
    public EventHub Events { get; }
    public HostInfo Host { get; }
    /// <summary>What the host offers the create options that depend on it (init binary, AppArmor, blkio weight, ...).</summary>
    public HostFeatures Features { get; }
    /// <summary>Live stats, history and subscriptions of running containers (started and stopped with the host).</summary>
    public IStatsService Stats => _stats;
    /// <summary>Reads running containers' namespaces from the kernel (admin-only at every edge).</summary>
    public INamespaceInspector Namespaces { get; }

    /// <summary>The engine's networks; null when netavark/aardvark-dns are missing or no network store was given
    /// (containers then get --network none). <see cref="NetworksUnavailableReason"/> says why.</summary>
    public NetworkService? Networks { get; }
    public string? NetworksUnavailableReason { get; }

    /// <summary>Named and anonymous volumes under the data root; null when no volume store was given (tests over
    /// other stores), and then a container that asks for a volume is refused.</summary>
    public Volumes.VolumeService? Volumes { get; }

    private readonly StatsSampler _stats;

    private EngineHost(EngineOptions options, RuntimeSelection selection, IContainerStore store, IEventStore eventStore,
        ILoggerFactory loggers, HostInfo host, IStatsRollupStore? statsRollups, INetworkStore? networkStore,
        (NetworkTools? Tools, string? Reason) networkTools, IVolumeStore? volumeStore)
    {
        _options = options;
        _logger = loggers.CreateLogger<EngineHost>();
        Host = host;
        Selection = selection;
        Directory.CreateDirectory(options.DataRoot);
        Directory.CreateDirectory(options.RunRoot);
        var table = new ContainerTable();
        Events = new EventHub(eventStore, loggers.CreateLogger<EventHub>());
        (Networks, NetworksUnavailableReason) = CreateNetworks(options, networkStore, networkTools, Events, loggers);
        var imageStore = new ImageService(options, table, loggers.CreateLogger<ImageService>());
        Images = new PublishingImageService(imageStore, Events);
        Puller = new Registry.ImagePuller(imageStore, Events, options.Registry, loggers.CreateLogger<Registry.ImagePuller>());
        Runtime = new ConmonRuntime(options, selection, loggers.CreateLogger<ConmonRuntime>());
        var paths = new RuntimePaths(options.RunRoot);
        paths.EnsureCreated();
        _exitWatcher = new ExitWatcher(paths.ExitDir, loggers.CreateLogger<ExitWatcher>());
        _oomWatcher = new OomWatcher(loggers.CreateLogger<OomWatcher>());
        var oom = new CgroupOomSource(selection.Cgroups, options.CgroupParent, _oomWatcher, loggers.CreateLogger<CgroupOomSource>());
        var snapshotter = new OverlaySnapshotter(options);
        Features = HostFeatures.Probe(selection.Cgroups, options.InitPath);
        _logRotation = new LogRotationWatcher(loggers.CreateLogger<LogRotationWatcher>());
        Volumes = volumeStore is null ? null
            : new Volumes.VolumeService(volumeStore, Path.Combine(options.DataRoot, "volumes"), loggers.CreateLogger<Volumes.VolumeService>());
        Containers = new ContainerEngine(options, table, Images, snapshotter, Runtime, store, Events,
            oom, host, loggers.CreateLogger<ContainerEngine>(), Features, selection.Cgroups, _logRotation, Networks, Volumes);
        Namespaces = new NamespaceInspector(Containers, Images, selection.Cgroups, options.CgroupParent, snapshotter.ContainerDirectory);
        _stats = new StatsSampler(selection.Cgroups, options.CgroupParent, () => Containers.Watch(), statsRollups,
            new StatsSamplerOptions
            {
                Interval = options.StatsInterval,
                RingMinutes = options.StatsRingMinutes,
                RollupDays = options.StatsRollupDays,
                HostMemoryBytes = (ulong)Math.Max(0, host.MemoryBytes),
            },
            loggers.CreateLogger<StatsSampler>());
    }

    /// <summary>Picks the runtime (throws <see cref="RuntimeUnavailableException"/> with the reason when none works)
    /// and composes the engine. Without <paramref name="statsRollups"/> stats history beyond the ring buffer is
    /// kept only for the current minute.</summary>
    public static async Task<EngineHost> CreateAsync(EngineOptions options, IContainerStore store, IEventStore eventStore,
        ILoggerFactory loggers, CancellationToken cancellationToken, HostInfo? host = null, IStatsRollupStore? statsRollups = null,
        INetworkStore? networkStore = null, IVolumeStore? volumeStore = null)
    {
        // Before probing runtimes: a config typo should be the first thing reported.
        EngineOptionsValidator.ThrowIfInvalid(options);
        var locator = new RuntimeLocator(new SystemRuntimeHost(), loggers.CreateLogger<RuntimeLocator>());
        var selection = await locator.LocateAsync(options, cancellationToken);
        return new EngineHost(options, selection, store, eventStore, loggers, host ?? HostInfo.Read(), statsRollups,
            networkStore, networkStore is null ? (null, null) : await NetworkTools.LocateAsync(options.Netavark, options.AardvarkDns, cancellationToken),
            volumeStore);
    }

    /// <summary>The network service over the store and the tools found; null and why when either is missing.</summary>
    private static (NetworkService?, string?) CreateNetworks(EngineOptions options, INetworkStore? store,
        (NetworkTools? Tools, string? Reason) located, EventHub events, ILoggerFactory loggers)
    {
        if (store is null) return (null, "no network store was given to the engine");
        if (located.Tools is not { } tools) return (null, located.Reason);
        Subnets.TryParse(options.NetworkSubnetPool, out var pool, out _);
        var service = new NetworkService(store, new NetavarkClient(tools, Path.Combine(options.RunRoot, "netavark")),
            new NetworkServiceOptions(tools, Path.Combine(options.RunRoot, "netns"), options.NetworkBridgeName, pool, options.NetworkDefaultSubnet),
            loggers.CreateLogger<NetworkService>(), events);
        return (service, null);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var rejected in Selection.Rejected) _logger.LogWarning("Runtime not used: {Reason}", rejected);
        _logger.LogInformation("Using {Runtime} {Version} ({Path}) with conmon {Conmon}, cgroups {Layout}",
            Selection.Name, Selection.Version, Selection.Path, Selection.ConmonVersion, Selection.Cgroups.Mode);
        await Images.EnsureBuiltinImageAsync(cancellationToken);
        if (Volumes is not null) await Volumes.InitializeAsync(cancellationToken);
        if (Networks is not null)
        {
            await Networks.InitializeAsync(cancellationToken);
            _logger.LogInformation("Networks: netavark {Netavark} ({NetavarkPath}), aardvark-dns {Aardvark}",
                Networks.Tools.NetavarkVersion, Networks.Tools.NetavarkPath, Networks.Tools.AardvarkVersion);
        }
        else _logger.LogWarning("Container networks are not available ({Reason}); containers get --network none", NetworksUnavailableReason);
        // Watch first, so an exit during recovery is not missed; recovery ignores exits it already handled.
        _exitWatcher.Start();
        _loops.Add(Task.Run(() => PumpExitsAsync(_stopping.Token)));
        _loops.Add(Task.Run(() => PumpOomsAsync(_stopping.Token)));
        await Containers.RecoverAsync(cancellationToken);
        _exitWatcher.Wake();
        // After recovery, so the watch snapshot already holds the re-adopted running containers.
        _stats.Start();
    }

    private async Task PumpExitsAsync(CancellationToken token)
    {
        // Not awaited one by one: each exit is processed under its container's lock, which a start may hold.
        await foreach (var exit in _exitWatcher.Exits.ReadAllAsync(token))
            Containers.ReportExit(exit.Id, exit.ExitCode, exit.Time);
    }

    private async Task PumpOomsAsync(CancellationToken token)
    {
        await foreach (var oom in _oomWatcher.Notifications.ReadAllAsync(token))
        {
            try
            {
                await Containers.OnOomAsync(oom.Id, oom.Report);
            }
            catch (Exception ex) { _logger.LogError(ex, "Handling an OOM report for {Id} failed", oom.Id); }
        }
    }

    private int _disposed;

    /// <summary>Stops the watchers; idempotent. Containers keep running.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _stopping.CancelAsync();
        await _stats.DisposeAsync();
        try { await Task.WhenAll(_loops); }
        catch (OperationCanceledException) { }
        await _exitWatcher.DisposeAsync();
        _oomWatcher.Dispose();
        await Containers.DisposeAsync();
        _logRotation.Dispose();
        _stopping.Dispose();
    }
}
