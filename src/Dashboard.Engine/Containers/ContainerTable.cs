using System.Collections.Concurrent;

namespace Dashboard.Engine.Containers;

/// <summary>
/// The in-memory index of containers by id, resolving references the way Docker does: full id, exact name (with
/// or without "/"), then unique id prefix. Shared by the engine and by the image store's "is it in use" check.
/// </summary>
internal sealed class ContainerTable : Images.IImageUsage
{
    private readonly ConcurrentDictionary<string, ContainerEntry> _byId = new(StringComparer.Ordinal);
    private readonly object _nameGate = new();

    public ContainerChangeFeed Feed { get; } = new();

    public IEnumerable<ContainerEntry> All => _byId.Values;

    public ContainerEntry Resolve(string reference)
    {
        if (TryResolve(reference, out var entry)) return entry;
        throw new ContainerNotFoundException(reference);
    }

    /// <summary>The container with exactly this full id; no name or prefix matching (the id may be of a removed one).</summary>
    public bool TryGet(string id, out ContainerEntry entry) => _byId.TryGetValue(id, out entry!);

    public bool TryResolve(string reference, out ContainerEntry entry)
    {
        entry = ContainerReference.Find(reference, id => _byId.GetValueOrDefault(id), _byId.Values, e => e.Record)!;
        return entry is not null;
    }

    /// <summary>Adds the entry unless its name is taken; the check and the insert are one step.</summary>
    public void Add(ContainerEntry entry)
    {
        lock (_nameGate)
        {
            EnsureNameFree(entry.Record.Name);
            _byId[entry.Record.Id] = entry;
            Feed.Publish(ContainerChangeKind.Added, entry.Record);
        }
    }

    /// <summary>Reserves nothing; used to fail fast before expensive work.</summary>
    public void EnsureNameFree(string name)
    {
        if (ByName(name) is { } existing) throw new NameConflictException(name, existing.Record.Id);
    }

    public bool NameTaken(string name) => ByName(name) is not null;

    private ContainerEntry? ByName(string name) => _byId.Values.FirstOrDefault(e => e.Record.Name == name);

    public void Remove(string id)
    {
        if (_byId.TryRemove(id, out var removed)) Feed.Publish(ContainerChangeKind.Removed, removed.Record);
    }

    public string? ContainerUsing(string imageId) =>
        _byId.Values.FirstOrDefault(e => e.Record.ImageId == imageId)?.Record.Id;
}
