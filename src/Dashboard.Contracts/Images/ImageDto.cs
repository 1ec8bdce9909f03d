namespace Dashboard.Contracts.Images;

/// <summary>One image in the local store (GET /api/images).</summary>
public sealed record ImageDto
{
    /// <summary>"sha256:..."</summary>
    public required string Id { get; init; }
    /// <summary>Familiar names like "busybox:latest"; empty for an untagged image.</summary>
    public IReadOnlyList<string> RepoTags { get; init; } = [];
    public DateTimeOffset Created { get; init; }
    /// <summary>Unpacked size of all layers in bytes.</summary>
    public long Size { get; init; }
    public IReadOnlyList<string> Layers { get; init; } = [];
    public string? Comment { get; init; }
    public string Architecture { get; init; } = "amd64";
    public string Os { get; init; } = "linux";
}

/// <summary>One line of DELETE /api/images/{ref}: a tag removed or an image deleted.</summary>
public sealed record ImageDeleteDto(string? Untagged, string? Deleted);
