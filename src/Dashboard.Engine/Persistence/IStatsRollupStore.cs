using Dashboard.Engine.Stats;

namespace Dashboard.Engine.Persistence;

/// <summary>Durable per-minute stats history.</summary>
public interface IStatsRollupStore
{
    /// <summary>Inserts or replaces rollups (keyed by container and minute).</summary>
    Task SaveAsync(IReadOnlyList<StatsRollup> rollups, CancellationToken cancellationToken);

    /// <summary>Rollups of one container with Minute in [from, to], oldest first.</summary>
    Task<IReadOnlyList<StatsRollup>> QueryAsync(string containerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Deletes rollups older than the cut-off; returns how many.</summary>
    Task<int> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken);
}
