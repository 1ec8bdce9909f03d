using System.Threading.Channels;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Runtime;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Stats;
using Dashboard.Web.Components.Host;

namespace Dashboard.Web.Components.Tests.Host;

/// <summary>A runtime that only answers who it is.</summary>
internal sealed class FakeRuntime(string name, string version) : IContainerRuntime
{
    public string Name => name;
    public string Path => "/usr/bin/" + name;
    public string Version => version;
    public string ConmonPath => "/usr/bin/conmon";
    public string ConmonVersion => "2.1.6";
    public Task<RuntimeCreateResult> CreateAsync(RuntimeCreateRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task StartAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task KillAsync(string id, int signal, bool all, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task DeleteAsync(string id, bool force, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task PauseAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task ResumeAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<RuntimeState?> StateAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
    public string ExitFilePath(string id) => throw new NotSupportedException();
    public int? ReadExitCode(string id) => throw new NotSupportedException();
    public void CleanupFiles(string id) => throw new NotSupportedException();
}

/// <summary>An engine that only lists.</summary>
internal sealed class ListingEngine(params ContainerRecord[] containers) : IContainerEngine
{
    public static ContainerRecord Container(string name, ContainerStatus status) => new()
    {
        Id = (name + new string('0', 64))[..64],
        Name = name,
        ImageId = "sha256:0",
        Config = new ContainerConfig { Image = "busybox" },
        Created = DateTimeOffset.UtcNow,
        State = new ContainerState { Status = status },
    };

    public IReadOnlyList<ContainerRecord> List() => containers;
    public ContainerRecord Get(string reference) => throw new NotSupportedException();
    public ContainerWatch Watch(int capacity = 4096) => throw new NotSupportedException();
    public Task<ContainerRecord> UpdateLimitsAsync(string reference, LimitsUpdate update, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<ContainerRecord> CreateAsync(CreateContainerRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> StartAsync(string reference, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> StopAsync(string reference, int? timeoutSeconds, string? signal, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task KillAsync(string reference, string? signal, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task RestartAsync(string reference, int? timeoutSeconds, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task PauseAsync(string reference, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task UnpauseAsync(string reference, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task RemoveAsync(string reference, bool force, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<WaitResult> WaitAsync(string reference, WaitCondition condition, CancellationToken cancellationToken) => throw new NotSupportedException();
    public IAsyncEnumerable<LogEntry> ReadLogsAsync(string reference, LogOptions options, CancellationToken cancellationToken) => throw new NotSupportedException();
}

/// <summary>Stats whose "all containers" ticks the test writes.</summary>
internal sealed class ChannelStats : IStatsService
{
    public Channel<StatsTick> Ticks { get; } = Channel.CreateUnbounded<StatsTick>();
    public TimeSpan Interval => TimeSpan.FromSeconds(1);
    public StatsSubscription<StatsTick> SubscribeAll(int capacity = 16) => new(Ticks.Reader, () => Ticks.Writer.TryComplete());
    public ContainerStats? Latest(string containerId) => null;
    public (ContainerStats? Latest, ContainerStats? Previous) LatestPair(string containerId) => (null, null);
    public IReadOnlyList<ContainerStats> Recent(string containerId, DateTimeOffset from, DateTimeOffset to) => [];
    public Task<IReadOnlyList<StatsRollup>> RollupsAsync(string containerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StatsRollup>>([]);
    public StatsSubscription<ContainerStats> Subscribe(string containerId, int capacity = 64) => throw new NotSupportedException();
    public ContainerStats? SampleNow(string containerId) => null;
}

internal sealed class FixedChangelog(string? text) : IRuncChangelogSource
{
    public string? Read(string runcPath) => text;
}
