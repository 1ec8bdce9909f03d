using System.Threading.Channels;

namespace Dashboard.Engine.Stats;

/// <summary>
/// The live stats of running containers. The sampler owns the data; subscribers get their own bounded channels
/// that drop the oldest sample when full, so a slow subscriber never delays sampling. Disposing a subscription
/// ends it. History is the in-memory ring buffer (full resolution, default 15 minutes) plus per-minute rollups
/// from SQLite for longer ranges; it includes containers that have exited.
/// </summary>
public interface IStatsService
{
    TimeSpan Interval { get; }

    /// <summary>The newest sample of a container, or null when it has none yet.</summary>
    ContainerStats? Latest(string containerId);

    /// <summary>The two newest samples (previous may be null), so one call can fill Docker's precpu_stats.</summary>
    (ContainerStats? Latest, ContainerStats? Previous) LatestPair(string containerId);

    /// <summary>Full-resolution samples in [from, to] from the ring buffer, oldest first.</summary>
    IReadOnlyList<ContainerStats> Recent(string containerId, DateTimeOffset from, DateTimeOffset to);

    /// <summary>Per-minute rollups in [from, to], oldest first (includes the current, unfinished minute).</summary>
    Task<IReadOnlyList<StatsRollup>> RollupsAsync(string containerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    StatsSubscription<ContainerStats> Subscribe(string containerId, int capacity = 64);

    StatsSubscription<StatsTick> SubscribeAll(int capacity = 16);

    /// <summary>Takes a sample of one container now (outside the tick), e.g. for a one-shot API call.</summary>
    ContainerStats? SampleNow(string containerId);
}

public sealed class StatsSubscription<T>(ChannelReader<T> reader, Action unsubscribe) : IDisposable
{
    public ChannelReader<T> Reader { get; } = reader;

    public void Dispose() => unsubscribe();
}
