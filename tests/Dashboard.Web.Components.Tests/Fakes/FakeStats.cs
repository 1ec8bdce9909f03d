using System.Threading.Channels;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Stats;

namespace Dashboard.Web.Components.Tests.Fakes;

/// <summary>
/// Stats the test drives: history it adds, live samples it writes into <see cref="Live"/> (what a per-container
/// subscription reads) and ticks it writes into <see cref="Ticks"/> (what the all-containers subscription reads).
/// </summary>
internal sealed class FakeStats : IStatsService
{
    private readonly Dictionary<string, List<ContainerStats>> _history = new(StringComparer.Ordinal);
    private int _subscribers;

    public Channel<ContainerStats> Live { get; } = Channel.CreateUnbounded<ContainerStats>();
    public Channel<StatsTick> Ticks { get; } = Channel.CreateUnbounded<StatsTick>();
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Open per-container subscriptions: a page that is left must end its own.</summary>
    public int Subscribers => Volatile.Read(ref _subscribers);

    /// <summary>A sample of the container with its cpu and memory figures.</summary>
    public static ContainerStats Sample(ContainerRecord container, double cpuPercent, ulong memory, ulong? limit = null) => new()
    {
        ContainerId = container.Id,
        Time = DateTimeOffset.UtcNow,
        Cpu = new CpuStats { Percent = cpuPercent },
        Memory = new MemoryStats { Usage = memory, Limit = limit },
    };

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

    /// <summary>Adds samples to their containers' history, oldest first.</summary>
    public void Add(params ContainerStats[] samples)
    {
        lock (_history)
            foreach (var sample in samples)
            {
                if (!_history.TryGetValue(sample.ContainerId, out var list)) _history[sample.ContainerId] = list = [];
                list.Add(sample);
            }
    }

    private List<ContainerStats> History(string containerId)
    {
        lock (_history) return _history.TryGetValue(containerId, out var list) ? list.ToList() : [];
    }

    public ContainerStats? Latest(string containerId) => History(containerId).LastOrDefault();

    public (ContainerStats? Latest, ContainerStats? Previous) LatestPair(string containerId)
    {
        var history = History(containerId);
        return (history.LastOrDefault(), history.Count > 1 ? history[^2] : null);
    }

    public IReadOnlyList<ContainerStats> Recent(string containerId, DateTimeOffset from, DateTimeOffset to) =>
        History(containerId).Where(s => s.Time >= from && s.Time <= to).ToList();

    public Task<IReadOnlyList<StatsRollup>> RollupsAsync(string containerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StatsRollup>>([]);

    public StatsSubscription<ContainerStats> Subscribe(string containerId, int capacity = 64)
    {
        Interlocked.Increment(ref _subscribers);
        return new StatsSubscription<ContainerStats>(Live.Reader, () => Interlocked.Decrement(ref _subscribers));
    }

    public StatsSubscription<StatsTick> SubscribeAll(int capacity = 16) => new(Ticks.Reader, () => { });

    public ContainerStats? SampleNow(string containerId) => null;
}
