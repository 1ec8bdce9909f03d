using Dapper;
using Dashboard.Engine.Persistence;
using Dashboard.Engine.Stats;

namespace Dashboard.Data;

/// <summary>
/// The <c>stats_rollups</c> table: one row per container and minute, upserted in one transaction per batch. Minutes
/// are stored as Unix seconds and come back as UTC.
/// </summary>
public sealed class StatsRollupRepository(SqliteDatabase database) : IStatsRollupStore
{
    private const string Upsert = """
        INSERT OR REPLACE INTO stats_rollups (
            container_id, minute_s, samples, cpu_min, cpu_avg, cpu_max, mem_min, mem_avg, mem_max, ws_min, ws_avg, ws_max,
            pids_min, pids_avg, pids_max, rx_min, rx_avg, rx_max, tx_min, tx_avg, tx_max,
            blk_read_min, blk_read_avg, blk_read_max, blk_write_min, blk_write_avg, blk_write_max,
            throttled_periods, memory_limit, cpu_limit)
        VALUES (
            @ContainerId, @MinuteS, @Samples, @CpuMin, @CpuAvg, @CpuMax, @MemMin, @MemAvg, @MemMax, @WsMin, @WsAvg, @WsMax,
            @PidsMin, @PidsAvg, @PidsMax, @RxMin, @RxAvg, @RxMax, @TxMin, @TxAvg, @TxMax,
            @BlkReadMin, @BlkReadAvg, @BlkReadMax, @BlkWriteMin, @BlkWriteAvg, @BlkWriteMax,
            @ThrottledPeriods, @MemoryLimit, @CpuLimit)
        """;

    private const string Select = """
        SELECT container_id AS ContainerId, minute_s AS MinuteS, samples AS Samples,
               cpu_min AS CpuMin, cpu_avg AS CpuAvg, cpu_max AS CpuMax, mem_min AS MemMin, mem_avg AS MemAvg, mem_max AS MemMax,
               ws_min AS WsMin, ws_avg AS WsAvg, ws_max AS WsMax, pids_min AS PidsMin, pids_avg AS PidsAvg, pids_max AS PidsMax,
               rx_min AS RxMin, rx_avg AS RxAvg, rx_max AS RxMax, tx_min AS TxMin, tx_avg AS TxAvg, tx_max AS TxMax,
               blk_read_min AS BlkReadMin, blk_read_avg AS BlkReadAvg, blk_read_max AS BlkReadMax,
               blk_write_min AS BlkWriteMin, blk_write_avg AS BlkWriteAvg, blk_write_max AS BlkWriteMax,
               throttled_periods AS ThrottledPeriods, memory_limit AS MemoryLimit, cpu_limit AS CpuLimit
        FROM stats_rollups
        WHERE container_id = @ContainerId AND minute_s >= @FromS AND minute_s <= @ToS
        ORDER BY minute_s
        """;

    private const string Delete = "DELETE FROM stats_rollups WHERE minute_s < @CutoffS";

    public async Task SaveAsync(IReadOnlyList<StatsRollup> rollups, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rollups);
        if (rollups.Count == 0) return;
        var rows = rollups.Select(ToRow).ToList();
        await database.WriteAsync(async connection =>
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            var count = await connection.ExecuteAsync(new CommandDefinition(Upsert, rows, transaction, cancellationToken: cancellationToken))
                .ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            return count;
        }, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<StatsRollup>> QueryAsync(string containerId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(containerId);
        var parameters = new QueryParameters(containerId, from.ToUnixTimeSeconds(), to.ToUnixTimeSeconds());
        var rows = await database.ReadAsync(connection =>
            connection.QueryAsync<RollupRow>(new CommandDefinition(Select, parameters, cancellationToken: cancellationToken)))
            .ConfigureAwait(false);
        return rows.Select(ToRollup).ToList();
    }

    public Task<int> PruneAsync(DateTimeOffset olderThan, CancellationToken cancellationToken) =>
        database.WriteAsync(connection =>
            connection.ExecuteAsync(new CommandDefinition(Delete, new PruneParameters(olderThan.ToUnixTimeSeconds()),
                cancellationToken: cancellationToken)),
            cancellationToken);

    private static RollupRow ToRow(StatsRollup r) => new()
    {
        ContainerId = r.ContainerId, MinuteS = r.Minute.ToUnixTimeSeconds(), Samples = r.Samples,
        CpuMin = r.CpuPercent.Min, CpuAvg = r.CpuPercent.Avg, CpuMax = r.CpuPercent.Max,
        MemMin = r.MemoryUsage.Min, MemAvg = r.MemoryUsage.Avg, MemMax = r.MemoryUsage.Max,
        WsMin = r.MemoryWorkingSet.Min, WsAvg = r.MemoryWorkingSet.Avg, WsMax = r.MemoryWorkingSet.Max,
        PidsMin = r.Pids.Min, PidsAvg = r.Pids.Avg, PidsMax = r.Pids.Max,
        RxMin = r.NetworkRxRate.Min, RxAvg = r.NetworkRxRate.Avg, RxMax = r.NetworkRxRate.Max,
        TxMin = r.NetworkTxRate.Min, TxAvg = r.NetworkTxRate.Avg, TxMax = r.NetworkTxRate.Max,
        BlkReadMin = r.BlockReadRate.Min, BlkReadAvg = r.BlockReadRate.Avg, BlkReadMax = r.BlockReadRate.Max,
        BlkWriteMin = r.BlockWriteRate.Min, BlkWriteAvg = r.BlockWriteRate.Avg, BlkWriteMax = r.BlockWriteRate.Max,
        // Counters and limits fit in a signed 64-bit column: limits are below 2^62, counts far below.
        ThrottledPeriods = (long)Math.Min(r.ThrottledPeriods, long.MaxValue),
        MemoryLimit = r.MemoryLimit is { } limit ? (long)Math.Min(limit, long.MaxValue) : null,
        CpuLimit = r.CpuLimit,
    };

    private static StatsRollup ToRollup(RollupRow row) => new()
    {
        ContainerId = row.ContainerId,
        Minute = DateTimeOffset.FromUnixTimeSeconds(row.MinuteS),
        Samples = (int)row.Samples,
        CpuPercent = new(row.CpuMin, row.CpuAvg, row.CpuMax),
        MemoryUsage = new(row.MemMin, row.MemAvg, row.MemMax),
        MemoryWorkingSet = new(row.WsMin, row.WsAvg, row.WsMax),
        Pids = new(row.PidsMin, row.PidsAvg, row.PidsMax),
        NetworkRxRate = new(row.RxMin, row.RxAvg, row.RxMax),
        NetworkTxRate = new(row.TxMin, row.TxAvg, row.TxMax),
        BlockReadRate = new(row.BlkReadMin, row.BlkReadAvg, row.BlkReadMax),
        BlockWriteRate = new(row.BlkWriteMin, row.BlkWriteAvg, row.BlkWriteMax),
        ThrottledPeriods = (ulong)Math.Max(0, row.ThrottledPeriods),
        MemoryLimit = row.MemoryLimit is { } limit ? (ulong)limit : null,
        CpuLimit = row.CpuLimit,
    };

    private sealed class RollupRow
    {
        public string ContainerId { get; init; } = "";
        public long MinuteS { get; init; }
        public long Samples { get; init; }
        public double CpuMin { get; init; }
        public double CpuAvg { get; init; }
        public double CpuMax { get; init; }
        public double MemMin { get; init; }
        public double MemAvg { get; init; }
        public double MemMax { get; init; }
        public double WsMin { get; init; }
        public double WsAvg { get; init; }
        public double WsMax { get; init; }
        public double PidsMin { get; init; }
        public double PidsAvg { get; init; }
        public double PidsMax { get; init; }
        public double RxMin { get; init; }
        public double RxAvg { get; init; }
        public double RxMax { get; init; }
        public double TxMin { get; init; }
        public double TxAvg { get; init; }
        public double TxMax { get; init; }
        public double BlkReadMin { get; init; }
        public double BlkReadAvg { get; init; }
        public double BlkReadMax { get; init; }
        public double BlkWriteMin { get; init; }
        public double BlkWriteAvg { get; init; }
        public double BlkWriteMax { get; init; }
        public long ThrottledPeriods { get; init; }
        public long? MemoryLimit { get; init; }
        public double? CpuLimit { get; init; }
    }

    private sealed record QueryParameters(string ContainerId, long FromS, long ToS);

    private sealed record PruneParameters(long CutoffS);
}
