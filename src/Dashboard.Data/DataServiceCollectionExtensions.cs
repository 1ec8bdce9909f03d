using Dashboard.Engine.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Data;

public static class DataServiceCollectionExtensions
{
    /// <summary>
    /// Registers the SQLite database at <paramref name="databasePath"/> (opened and migrated on first use, disposed
    /// with the container) and its repositories as <see cref="IContainerStore"/>, <see cref="IEventStore"/> and
    /// <see cref="IStatsRollupStore"/>.
    /// </summary>
    public static IServiceCollection AddDashboardData(this IServiceCollection services, string databasePath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        return services.AddDashboardData(_ => databasePath);
    }

    /// <summary>As above, with the path computed from other services (e.g. Engine:DataRoot + "/dashboard.db").</summary>
    public static IServiceCollection AddDashboardData(this IServiceCollection services, Func<IServiceProvider, string> databasePath)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(databasePath);
        services.AddSingleton(provider => SqliteDatabase.Open(databasePath(provider)));
        services.AddSingleton(provider => new ContainerRepository(provider.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton(provider => new EventRepository(provider.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IContainerStore>(provider => provider.GetRequiredService<ContainerRepository>());
        services.AddSingleton<IEventStore>(provider => provider.GetRequiredService<EventRepository>());
        services.AddSingleton(provider => new StatsRollupRepository(provider.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IStatsRollupStore>(provider => provider.GetRequiredService<StatsRollupRepository>());
        services.AddSingleton(provider => new NetworkRepository(provider.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<INetworkStore>(provider => provider.GetRequiredService<NetworkRepository>());
        services.AddSingleton(provider => new VolumeRepository(provider.GetRequiredService<SqliteDatabase>()));
        services.AddSingleton<IVolumeStore>(provider => provider.GetRequiredService<VolumeRepository>());
        services.AddSingleton(provider => new Access.AccessRepository(provider.GetRequiredService<SqliteDatabase>()));
        return services;
    }
}
