using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Stats;
using Dashboard.Web.Access;
using Dashboard.Data.Access;

namespace Dashboard.Web.Components.Tests.ContainerList;

/// <summary>An engine whose watch is a channel the test writes to, and which records lifecycle calls.</summary>
internal sealed class FakeEngine : IContainerEngine
{
    private readonly List<ContainerRecord> _containers = [];
    public Channel<ContainerChange> Changes { get; private set; } = Channel.CreateUnbounded<ContainerChange>();
    public ConcurrentQueue<string> Calls { get; } = new();
    public int WatchCount { get; private set; }

    public FakeEngine(params ContainerRecord[] containers) => _containers.AddRange(containers);

    public static ContainerRecord Record(string name, ContainerStatus status = ContainerStatus.Running, string image = "busybox:latest",
        string imageId = "sha256:" + "ab", bool oom = false, int restarts = 0) => new()
    {
        Id = (name.GetHashCode().ToString("x8") + new string('0', 64))[..64],
        Name = name,
        ImageId = imageId,
        Config = new ContainerConfig { Image = image },
        Created = DateTimeOffset.UtcNow.AddHours(-1),
        State = new ContainerState { Status = status, OomKilled = oom, RestartCount = restarts, StartedAt = DateTimeOffset.UtcNow.AddMinutes(-5) },
    };

    public void Replace(params ContainerRecord[] containers) { lock (_containers) { _containers.Clear(); _containers.AddRange(containers); } }

    public IReadOnlyList<ContainerRecord> List() { lock (_containers) return _containers.ToList(); }

    public ContainerRecord Get(string reference) => List().Single(c => c.Id == reference || c.Name == reference);

    public ContainerWatch Watch(int capacity = 4096)
    {
        WatchCount++;
        var channel = Changes = Channel.CreateUnbounded<ContainerChange>();
        return new ContainerWatch(List(), channel.Reader, () => channel.Writer.TryComplete());
    }

    private Task Track(string verb, string reference) { Calls.Enqueue($"{verb} {Get(reference).Name}"); return Task.CompletedTask; }

    public async Task<bool> StartAsync(string reference, CancellationToken cancellationToken) { await Track("start", reference); return true; }
    public async Task<bool> StopAsync(string reference, int? timeoutSeconds, string? signal, CancellationToken cancellationToken) { await Track("stop", reference); return true; }
    public Task RestartAsync(string reference, int? timeoutSeconds, CancellationToken cancellationToken) => Track("restart", reference);
    public Task RemoveAsync(string reference, bool force, CancellationToken cancellationToken) => Track("remove", reference);
    public Task KillAsync(string reference, string? signal, CancellationToken cancellationToken) => Track("kill", reference);
    public Task PauseAsync(string reference, CancellationToken cancellationToken) => Track("pause", reference);
    public Task UnpauseAsync(string reference, CancellationToken cancellationToken) => Track("unpause", reference);

    public Task<ContainerRecord> UpdateLimitsAsync(string reference, LimitsUpdate update, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<ContainerRecord> CreateAsync(CreateContainerRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<WaitResult> WaitAsync(string reference, WaitCondition condition, CancellationToken cancellationToken) => throw new NotSupportedException();

    public async IAsyncEnumerable<LogEntry> ReadLogsAsync(string reference, LogOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        yield break;
    }
}

/// <summary>Stats whose all-containers subscription is a channel the test writes ticks to.</summary>
internal sealed class FakeStats : IStatsService
{
    public Channel<StatsTick> Ticks { get; } = Channel.CreateUnbounded<StatsTick>();
    public TimeSpan Interval => TimeSpan.FromSeconds(1);

    public static ContainerStats Sample(ContainerRecord container, double cpuPercent, ulong memory, ulong? limit = null) => new()
    {
        ContainerId = container.Id,
        Time = DateTimeOffset.UtcNow,
        Cpu = new CpuStats { Percent = cpuPercent },
        Memory = new MemoryStats { Usage = memory, Limit = limit },
    };

    public StatsSubscription<StatsTick> SubscribeAll(int capacity = 16) => new(Ticks.Reader, () => { });
    public ContainerStats? Latest(string containerId) => null;
    public (ContainerStats? Latest, ContainerStats? Previous) LatestPair(string containerId) => (null, null);
    public Dictionary<string, List<ContainerStats>> History { get; } = new(StringComparer.Ordinal);
    public IReadOnlyList<ContainerStats> Recent(string containerId, DateTimeOffset from, DateTimeOffset to) =>
        History.TryGetValue(containerId, out var samples) ? samples : [];
    public Task<IReadOnlyList<StatsRollup>> RollupsAsync(string containerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StatsRollup>>([]);
    public StatsSubscription<ContainerStats> Subscribe(string containerId, int capacity = 64) =>
        new(Channel.CreateUnbounded<ContainerStats>().Reader, () => { });
    public ContainerStats? SampleNow(string containerId) => null;
}

internal sealed class FakeAudit : IAuditLog
{
    public ConcurrentQueue<(string Actor, string Action, string? Target)> Entries { get; } = new();

    public Task RecordAsync(string actor, string action, string? target, string? detail, string? remoteIp, CancellationToken cancellationToken)
    {
        Entries.Enqueue((actor, action, target));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> RecentAsync(int limit, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<AuditEntry>>([]);
}
