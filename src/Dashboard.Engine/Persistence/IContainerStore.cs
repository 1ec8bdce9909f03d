using Dashboard.Engine.Containers;

namespace Dashboard.Engine.Persistence;

/// <summary>
/// Durable storage of container definitions and their last known state. A completed save is durable (the SQLite
/// implementation uses WAL with synchronous=FULL): the engine acknowledges a create only after it.
/// </summary>
public interface IContainerStore
{
    Task<IReadOnlyList<ContainerRecord>> LoadAllAsync(CancellationToken cancellationToken);

    /// <summary>Inserts or replaces the whole record.</summary>
    Task SaveAsync(ContainerRecord container, CancellationToken cancellationToken);

    Task DeleteAsync(string id, CancellationToken cancellationToken);
}
