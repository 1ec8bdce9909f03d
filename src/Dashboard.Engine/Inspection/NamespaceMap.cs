namespace Dashboard.Engine.Inspection;

/// <summary>The host-wide view: for each namespace type, the namespaces running containers are in.</summary>
public sealed record NamespaceMap(DateTimeOffset CollectedAt, IReadOnlyList<NamespaceGroup> Groups)
{
    public IEnumerable<NamespaceGroup> OfType(string type) => Groups.Where(g => g.Type == type);
}

/// <summary>One namespace and the containers in it; more than one member (or <see cref="IsHost"/>) means shared.</summary>
public sealed record NamespaceGroup(string Type, ulong Inode, bool IsHost, IReadOnlyList<ContainerRef> Members)
{
    public bool IsShared => IsHost || Members.Count > 1;
}
