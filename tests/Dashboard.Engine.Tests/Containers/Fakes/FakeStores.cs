using System.Collections.Concurrent;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Engine.Persistence;

namespace Dashboard.Engine.Tests.Containers.Fakes;

internal sealed class InMemoryContainerStore : IContainerStore
{
    public ConcurrentDictionary<string, ContainerRecord> Records { get; } = new();

    public Task<IReadOnlyList<ContainerRecord>> LoadAllAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ContainerRecord>>(Records.Values.ToList());

    /// <summary>Runs before each save lands; a test holds a save here, or makes it fail by throwing.</summary>
    public Func<ContainerRecord, Task>? BeforeSave { get; set; }

    /// <summary>While set, every write fails as SQLite's does on a full disk (the repository's StorageFullException).</summary>
    public bool Full { get; set; }

    public async Task SaveAsync(ContainerRecord container, CancellationToken cancellationToken)
    {
        if (BeforeSave is { } hook) await hook(container);
        ThrowIfFull();
        Records[container.Id] = container;
    }

    public Task DeleteAsync(string id, CancellationToken cancellationToken)
    {
        ThrowIfFull();
        Records.TryRemove(id, out _);
        return Task.CompletedTask;
    }

    private void ThrowIfFull()
    {
        if (Full) throw new StorageFullException("/fake/data", "SQLite could not write dashboard.db");
    }
}

internal sealed class FakeOomSource : IOomSource
{
    public ConcurrentDictionary<string, long> Counts { get; } = new();
    public ConcurrentDictionary<string, bool> Watched { get; } = new();

    public void Watch(string containerId) => Watched[containerId] = true;
    public void Unwatch(string containerId) => Watched.TryRemove(containerId, out _);
    public long ReadOomKillCount(string containerId) => Counts.TryGetValue(containerId, out var count) ? count : 0;
}
