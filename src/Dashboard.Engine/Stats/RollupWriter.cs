using System.Threading.Channels;
using Dashboard.Engine.Persistence;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Stats;

/// <summary>
/// Writes finished minutes to the <see cref="IStatsRollupStore"/> in batches on its own task, so the tick never waits
/// for SQLite, and prunes rollups older than the retention now and then. Until a batch is saved its rollups stay in
/// memory and queries see them.
/// </summary>
internal sealed class RollupWriter(IStatsRollupStore? store, StatsSamplerOptions options, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private readonly Channel<IReadOnlyList<StatsRollup>> _queue = Channel.CreateUnbounded<IReadOnlyList<StatsRollup>>(
        new UnboundedChannelOptions { SingleReader = true });
    private readonly object _gate = new();
    private readonly Dictionary<(string Id, DateTimeOffset Minute), StatsRollup> _pending = [];
    private Task _loop = Task.CompletedTask;
    private DateTimeOffset _lastPrune = DateTimeOffset.MinValue;

    public void Start() => _loop = Task.Run(RunAsync);

    public void Enqueue(IReadOnlyList<StatsRollup> rollups)
    {
        lock (_gate)
            foreach (var r in rollups) _pending[(r.ContainerId, r.Minute)] = r;
        if (store is not null) _queue.Writer.TryWrite(rollups);
    }

    /// <summary>Stored rollups overlaid with the pending ones, keyed by minute.</summary>
    public async Task<Dictionary<DateTimeOffset, StatsRollup>> QueryAsync(string id, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var result = new Dictionary<DateTimeOffset, StatsRollup>();
        if (store is not null)
            foreach (var r in await store.QueryAsync(id, from, to, cancellationToken).ConfigureAwait(false)) result[r.Minute] = r;
        lock (_gate)
        {
            foreach (var ((pid, minute), r) in _pending)
                if (pid == id && minute >= from && minute <= to) result[minute] = r;
        }
        return result;
    }

    private async Task RunAsync()
    {
        await PruneIfDueAsync().ConfigureAwait(false);
        await foreach (var first in _queue.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            // Batch everything queued so far into one transaction.
            var batch = new List<StatsRollup>(first);
            while (_queue.Reader.TryRead(out var more)) batch.AddRange(more);
            try
            {
                await store!.SaveAsync(batch, CancellationToken.None).ConfigureAwait(false);
                lock (_gate)
                    foreach (var r in batch)
                        if (_pending.TryGetValue((r.ContainerId, r.Minute), out var p) && ReferenceEquals(p, r)) _pending.Remove((r.ContainerId, r.Minute));
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Saving {Count} stats rollups failed; they stay in memory", batch.Count);
            }
            await PruneIfDueAsync().ConfigureAwait(false);
        }
    }

    private async Task PruneIfDueAsync()
    {
        if (store is null) return;
        var now = time.GetUtcNow();
        if (now - _lastPrune < options.PruneEvery) return;
        _lastPrune = now;
        try
        {
            var removed = await store.PruneAsync(now - TimeSpan.FromDays(options.RollupDays), CancellationToken.None).ConfigureAwait(false);
            if (removed > 0) logger.LogInformation("Pruned {Count} stats rollups older than {Days} days", removed, options.RollupDays);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "Pruning stats rollups failed");
        }
    }

    /// <summary>Writes what is queued (bounded wait) and stops.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        try { await _loop.WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false); }
        catch (TimeoutException) { logger.LogWarning("Stats rollups were still being written at shutdown"); }
    }
}
