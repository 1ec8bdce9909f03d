using Dashboard.Engine.Events;
using Dashboard.Engine.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace Dashboard.Data.Tests;

public sealed class DataServiceCollectionTests : IDisposable
{
    private readonly TempDatabase _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Registers_a_migrated_database_and_both_stores_as_singletons()
    {
        var services = new ServiceCollection().AddDashboardData(_temp.Path);
        using var provider = new SingletonProvider(services);

        var database = provider.Get<SqliteDatabase>();
        Assert.Equal(SchemaMigrator.LatestVersion, database.SchemaVersion);
        Assert.Same(provider.Get<ContainerRepository>(), provider.Get<IContainerStore>());
        Assert.Same(provider.Get<EventRepository>(), provider.Get<IEventStore>());
        var stored = await provider.Get<IEventStore>().AppendAsync(Samples.Event(Samples.T0, "x"), CancellationToken.None);
        Assert.Equal(stored.Sequence, Assert.Single(await provider.Get<EventRepository>().QueryAsync(new EventQuery(), CancellationToken.None)).Sequence);
    }

    /// <summary>Just enough of a container to run the registered singleton factories (the real one lives in Web).</summary>
    private sealed class SingletonProvider(IServiceCollection services) : IServiceProvider, IDisposable
    {
        private readonly Dictionary<Type, object> _instances = [];

        public T Get<T>() where T : notnull => (T)GetService(typeof(T))!;

        public object? GetService(Type serviceType)
        {
            if (_instances.TryGetValue(serviceType, out var existing))
                return existing;
            var descriptor = services.LastOrDefault(d => d.ServiceType == serviceType);
            if (descriptor is null)
                return null;
            Assert.Equal(ServiceLifetime.Singleton, descriptor.Lifetime);
            var instance = descriptor.ImplementationFactory!(this);
            _instances[serviceType] = instance;
            return instance;
        }

        public void Dispose()
        {
            foreach (var disposable in _instances.Values.OfType<IDisposable>())
                disposable.Dispose();
        }
    }
}
