namespace Dashboard.Contracts.Namespaces;

/// <summary>GET /api/namespaces (admin only): every running container's namespaces, grouped per namespace and keyed
/// by type like the report's <c>namespaces</c> object.</summary>
public sealed record NamespaceMapDto
{
    public required DateTimeOffset CollectedAt { get; init; }
    public required IReadOnlyDictionary<string, IReadOnlyList<NamespaceGroupDto>> Namespaces { get; init; }
}

/// <param name="Host">The host's own namespace.</param>
/// <param name="Shared">More than one member, or the host's.</param>
public sealed record NamespaceGroupDto(ulong Inode, bool Host, bool Shared, IReadOnlyList<ContainerRefDto> Members);
