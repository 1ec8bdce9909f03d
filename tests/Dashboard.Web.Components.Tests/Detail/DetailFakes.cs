using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Dashboard.Data.Access;
using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Engine.Persistence;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Stats;
using Dashboard.Web.Access;

namespace Dashboard.Web.Components.Tests.Detail;

/// <summary>An engine holding one container in memory; records the calls the detail page makes.</summary>
internal sealed class FakeDetailEngine : IContainerEngine
{
    public ContainerRecord Container { get; set; } = new()
    {
        Id = new string('a', 64),
        Name = "web",
        ImageId = "sha256:" + new string('b', 64),
        Config = new ContainerConfig { Image = "busybox:latest" },
        Created = DateTimeOffset.UtcNow.AddHours(-1),
        State = new ContainerState { Status = ContainerStatus.Running, StartedAt = DateTimeOffset.UtcNow.AddMinutes(-5), RestartCount = 2 },
    };

    public List<string> Calls { get; } = [];
    public Channel<LogEntry> FollowLogs { get; } = Channel.CreateUnbounded<LogEntry>();
    public List<LogEntry> Logs { get; } = [];
    public Func<LimitsUpdate, ContainerRecord>? OnUpdateLimits { get; set; }

    public IReadOnlyList<ContainerRecord> List() => [Container];

    public ContainerRecord Get(string reference) =>
        reference == Container.Name || Container.Id.StartsWith(reference, StringComparison.Ordinal) ? Container : throw new ContainerNotFoundException(reference);

    public ContainerWatch Watch(int capacity = 4096) => new([Container], Channel.CreateUnbounded<ContainerChange>().Reader, () => { });

    public Task<ContainerRecord> UpdateLimitsAsync(string reference, LimitsUpdate update, CancellationToken cancellationToken)
    {
        Calls.Add("update " + reference);
        return Task.FromResult(OnUpdateLimits?.Invoke(update) ?? Container);
    }

    public Task<ContainerRecord> CreateAsync(CreateContainerRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<bool> StartAsync(string reference, CancellationToken cancellationToken) { Calls.Add("start " + reference); return Task.FromResult(true); }
    public Task<bool> StopAsync(string reference, int? timeoutSeconds, string? signal, CancellationToken cancellationToken) { Calls.Add("stop " + reference); return Task.FromResult(true); }
    public Task KillAsync(string reference, string? signal, CancellationToken cancellationToken) { Calls.Add("kill " + reference); return Task.CompletedTask; }
    public Task RestartAsync(string reference, int? timeoutSeconds, CancellationToken cancellationToken) { Calls.Add("restart " + reference); return Task.CompletedTask; }
    public Task PauseAsync(string reference, CancellationToken cancellationToken) { Calls.Add("pause " + reference); return Task.CompletedTask; }
    public Task UnpauseAsync(string reference, CancellationToken cancellationToken) { Calls.Add("unpause " + reference); return Task.CompletedTask; }
    public Task RemoveAsync(string reference, bool force, CancellationToken cancellationToken) { Calls.Add("remove " + reference); return Task.CompletedTask; }
    public Task<WaitResult> WaitAsync(string reference, WaitCondition condition, CancellationToken cancellationToken) => throw new NotSupportedException();

    public async IAsyncEnumerable<LogEntry> ReadLogsAsync(string reference, LogOptions options, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var entry in Logs.TakeLast(options.Tail ?? int.MaxValue)) yield return entry;
        if (!options.Follow) yield break;
        await foreach (var entry in FollowLogs.Reader.ReadAllAsync(cancellationToken)) yield return entry;
    }
}

/// <summary>Stats whose live samples the test writes into a channel.</summary>
internal sealed class FakeStatsService : IStatsService
{
    public Channel<ContainerStats> Live { get; } = Channel.CreateUnbounded<ContainerStats>();
    public List<ContainerStats> History { get; } = [];
    public int Subscribers { get; private set; }
    public TimeSpan Interval => TimeSpan.FromMilliseconds(20);

    public ContainerStats? Latest(string containerId) => History.LastOrDefault();
    public (ContainerStats? Latest, ContainerStats? Previous) LatestPair(string containerId) =>
        (History.LastOrDefault(), History.Count > 1 ? History[^2] : null);
    public IReadOnlyList<ContainerStats> Recent(string containerId, DateTimeOffset from, DateTimeOffset to) =>
        History.Where(s => s.Time >= from && s.Time <= to).ToList();
    public Task<IReadOnlyList<StatsRollup>> RollupsAsync(string containerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StatsRollup>>([]);

    public StatsSubscription<ContainerStats> Subscribe(string containerId, int capacity = 64)
    {
        Subscribers++;
        return new StatsSubscription<ContainerStats>(Live.Reader, () => Subscribers--);
    }

    public StatsSubscription<StatsTick> SubscribeAll(int capacity = 16) => throw new NotSupportedException();
    public ContainerStats? SampleNow(string containerId) => null;

    /// <summary>A sample whose I/O counters grow with <paramref name="memory"/>: rx = memory over two interfaces, tx = memory / 2,
    /// block read = memory * 2, write = memory; pids = memory / 100 under a limit of 64.</summary>
    public static ContainerStats Sample(string id, DateTimeOffset time, double cpu, ulong memory) => new()
    {
        ContainerId = id,
        Time = time,
        Cpu = new CpuStats { Percent = cpu, LimitCpus = 0.5 },
        Memory = new MemoryStats { Usage = memory, WorkingSet = memory / 2, Limit = 64 * 1024 * 1024 },
        Pids = new PidsStats(memory / 100, 64),
        BlockIo = new BlockIoStats(ReadBytes: memory * 2, WriteBytes: memory),
        Networks =
        [
            new NetworkInterfaceStats("eth0", memory / 4 * 3, 0, 0, 0, memory / 2, 0, 0, 0),
            new NetworkInterfaceStats("lo", memory / 4, 0, 0, 0, 0, 0, 0, 0),
        ],
    };
}

internal sealed class MemoryEventStore : IEventStore
{
    private readonly List<EngineEvent> _events = [];

    public Task<EngineEvent> AppendAsync(EngineEvent engineEvent, CancellationToken cancellationToken)
    {
        lock (_events)
        {
            var stored = engineEvent with { Sequence = _events.Count + 1 };
            _events.Add(stored);
            return Task.FromResult(stored);
        }
    }

    public Task<IReadOnlyList<EngineEvent>> QueryAsync(EventQuery query, CancellationToken cancellationToken)
    {
        lock (_events)
            return Task.FromResult<IReadOnlyList<EngineEvent>>(_events
                .Where(e => query.ActorId is null || e.ActorId == query.ActorId)
                .Where(e => query.Actions is null || query.Actions.Contains(e.Action))
                .Where(e => query.Since is null || e.Time >= query.Since).ToList());
    }
}

internal sealed class RecordingAuditLog : IAuditLog
{
    public List<(string Actor, string Action, string? Target, string? Detail)> Entries { get; } = [];

    public Task RecordAsync(string actor, string action, string? target, string? detail, string? remoteIp, CancellationToken cancellationToken)
    {
        lock (Entries) Entries.Add((actor, action, target, detail));
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> RecentAsync(int limit, CancellationToken cancellationToken) => Task.FromResult<IReadOnlyList<AuditEntry>>([]);
}
