namespace Dashboard.Contracts.Volumes;

/// <summary>One volume (GET /api/volumes, /api/volumes/{name}).</summary>
public sealed record VolumeDto
{
    public required string Name { get; init; }
    /// <summary>Always "local".</summary>
    public string Driver { get; init; } = "local";
    /// <summary>The volume's directory on the host.</summary>
    public required string Mountpoint { get; init; }
    public DateTimeOffset Created { get; init; }
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>Made for one container (-v /path, an image's VOLUME): removed with it by rm -v and --rm.</summary>
    public bool Anonymous { get; init; }
    /// <summary>Bytes of its content when last measured (in the background); null until then.</summary>
    public long? SizeBytes { get; init; }
    /// <summary>The containers that mount it, running or not; a volume in use cannot be removed.</summary>
    public IReadOnlyList<VolumeUserDto> UsedBy { get; init; } = [];
}

/// <summary>A container that mounts a volume, and where.</summary>
public sealed record VolumeUserDto(string ContainerId, string ContainerName, string Destination);

/// <summary>POST /api/volumes.</summary>
public sealed record VolumeCreateDto
{
    /// <summary>Null or empty: a random 64-hex name.</summary>
    public string? Name { get; init; }
    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}

/// <summary>POST /api/volumes/prune: what went and the bytes freed.</summary>
public sealed record VolumePruneDto(IReadOnlyList<string> Deleted, long SpaceReclaimed);
