using Dashboard.Engine.Persistence;
using Dashboard.Engine.Stats;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Data.Tests;

public sealed class StatsRollupRepositoryTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 5, 0, 0, TimeSpan.Zero);
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    private static StatsRollup Sample(string id, DateTimeOffset minute, double cpu = 12.5) => new()
    {
        ContainerId = id,
        Minute = minute,
        Samples = 60,
        CpuPercent = new(cpu - 2, cpu, cpu + 2),
        MemoryUsage = new(1_000, 2_000.5, 3_000),
        MemoryWorkingSet = new(900, 1_900, 2_900),
        Pids = new(1, 1.5, 2),
        NetworkRxRate = new(0, 10, 20),
        NetworkTxRate = new(1, 11, 21),
        BlockReadRate = new(2, 12, 22),
        BlockWriteRate = new(3, 13, 23),
        ThrottledPeriods = 42,
        MemoryLimit = 33_554_432,
        CpuLimit = 0.25,
    };

    [Fact]
    public async Task Saved_rollups_come_back_equal_in_minute_order_for_the_asked_container_only()
    {
        var repo = new StatsRollupRepository(_temp.Open());
        var later = Sample("a", T0.AddMinutes(1), 50);
        var first = Sample("a", T0) with { MemoryLimit = null, CpuLimit = null };
        await repo.SaveAsync([later, first, Sample("b", T0)], CancellationToken.None);

        var rows = await repo.QueryAsync("a", T0, T0.AddMinutes(5), CancellationToken.None);

        Assert.Equal([first, later], rows);
        Assert.Equal(TimeSpan.Zero, rows[0].Minute.Offset);
    }

    [Fact]
    public async Task Saving_the_same_minute_again_replaces_it()
    {
        var repo = new StatsRollupRepository(_temp.Open());
        await repo.SaveAsync([Sample("a", T0, 10)], CancellationToken.None);
        await repo.SaveAsync([Sample("a", T0, 90)], CancellationToken.None);

        var rows = await repo.QueryAsync("a", T0, T0, CancellationToken.None);

        Assert.Equal(90, Assert.Single(rows).CpuPercent.Avg);
    }

    [Fact]
    public async Task The_range_is_inclusive_at_both_ends()
    {
        var repo = new StatsRollupRepository(_temp.Open());
        await repo.SaveAsync(Enumerable.Range(0, 5).Select(i => Sample("a", T0.AddMinutes(i))).ToList(), CancellationToken.None);

        var rows = await repo.QueryAsync("a", T0.AddMinutes(1), T0.AddMinutes(3), CancellationToken.None);

        Assert.Equal([T0.AddMinutes(1), T0.AddMinutes(2), T0.AddMinutes(3)], rows.Select(r => r.Minute));
    }

    [Fact]
    public async Task Prune_deletes_only_minutes_before_the_cutoff_and_counts_them()
    {
        var repo = new StatsRollupRepository(_temp.Open());
        await repo.SaveAsync([Sample("a", T0.AddDays(-8)), Sample("b", T0.AddDays(-7).AddMinutes(-1)), Sample("a", T0.AddDays(-7)), Sample("a", T0)],
            CancellationToken.None);

        var removed = await repo.PruneAsync(T0.AddDays(-7), CancellationToken.None);

        Assert.Equal(2, removed);
        Assert.Equal([T0.AddDays(-7), T0], (await repo.QueryAsync("a", T0.AddDays(-30), T0, CancellationToken.None)).Select(r => r.Minute));
        Assert.Empty(await repo.QueryAsync("b", T0.AddDays(-30), T0, CancellationToken.None));
    }

    [Fact]
    public async Task An_empty_batch_is_a_no_op()
    {
        var repo = new StatsRollupRepository(_temp.Open());
        await repo.SaveAsync([], CancellationToken.None);
        Assert.Empty(await repo.QueryAsync("a", T0.AddDays(-1), T0, CancellationToken.None));
    }

    [Fact]
    public void The_repository_is_registered_as_the_rollup_store()
    {
        var services = new ServiceCollection().AddDashboardData(_temp.Path);
        var resolver = new Resolver(services);
        try
        {
            var store = resolver.GetService(typeof(IStatsRollupStore));
            Assert.IsType<StatsRollupRepository>(store);
            Assert.Same(resolver.GetService(typeof(StatsRollupRepository)), store);
        }
        finally
        {
            (resolver.GetService(typeof(SqliteDatabase)) as IDisposable)?.Dispose();
        }
    }

    /// <summary>Runs the registered singleton factories (the real container lives in Web).</summary>
    private sealed class Resolver(IServiceCollection services) : IServiceProvider
    {
        private readonly Dictionary<Type, object> _instances = [];

        public object? GetService(Type type)
        {
            if (_instances.TryGetValue(type, out var existing)) return existing;
            var descriptor = services.Last(d => d.ServiceType == type);
            var instance = descriptor.ImplementationInstance ?? descriptor.ImplementationFactory!(this);
            _instances[type] = instance;
            return instance;
        }
    }
}
