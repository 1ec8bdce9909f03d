namespace Dashboard.Engine.Images;

/// <summary>The runtime defaults an image carries (the "config" part of an OCI/Docker image config).</summary>
public sealed record ImageConfig
{
    public IReadOnlyList<string>? Cmd { get; init; }
    public IReadOnlyList<string>? Entrypoint { get; init; }
    public IReadOnlyList<string> Env { get; init; } = [];
    public string? WorkingDir { get; init; }
    public string? User { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    public string? StopSignal { get; init; }
    /// <summary>The image's VOLUME paths: each gets an anonymous volume unless the container mounts something there.</summary>
    public IReadOnlyList<string> Volumes { get; init; } = [];
    /// <summary>EXPOSE: "80/tcp", "53/udp" (what -P publishes).</summary>
    public IReadOnlyList<string> ExposedPorts { get; init; } = [];
}

/// <summary>An image in the local store. Layers are listed bottom first by their diff id (sha256 of the uncompressed tar).</summary>
public sealed record ImageRecord
{
    /// <summary>"sha256:" + hex digest of the image config JSON.</summary>
    public required string Id { get; init; }
    /// <summary>Familiar names like "busybox:latest" (never with "docker.io/library/").</summary>
    public IReadOnlyList<string> RepoTags { get; init; } = [];
    /// <summary>"sha256:..." diff ids, bottom layer first.</summary>
    public required IReadOnlyList<string> Layers { get; init; }
    public ImageConfig Config { get; init; } = new();
    public DateTimeOffset Created { get; init; }
    /// <summary>Unpacked size of all layers in bytes.</summary>
    public long Size { get; init; }
    public string Architecture { get; init; } = "amd64";
    public string Os { get; init; } = "linux";
    public string? Comment { get; init; }

    public string ShortId => Id.StartsWith("sha256:", StringComparison.Ordinal) ? Id[7..19] : Id[..12];
}

/// <summary>One line of an image removal report, as Docker prints it.</summary>
public sealed record ImageDeleteResult(string? Untagged, string? Deleted);
