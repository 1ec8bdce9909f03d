namespace Dashboard.Engine.Spec;

/// <summary>Where a volume mount came from: it decides how inspect echoes it (HostConfig.Binds, HostConfig.Mounts or
/// Config.Volumes), as Docker keeps each in its own place.</summary>
public enum VolumeOrigin
{
    /// <summary>-v name:/path (HostConfig.Binds).</summary>
    Bind,
    /// <summary>--mount type=volume (HostConfig.Mounts).</summary>
    Mount,
    /// <summary>-v /path or the API's Config.Volumes: an anonymous volume.</summary>
    Config,
    /// <summary>The image's VOLUME path, not covered by any mount of the user: an anonymous volume.</summary>
    Image,
}

/// <summary>
/// A volume mounted into a container. A mount that asked for an anonymous volume has an empty <see cref="Name"/>
/// after validation; the engine names it (64 hex characters, as Docker does) when it creates the container, so the
/// stored config always names its volumes.
/// </summary>
public sealed record VolumeMount
{
    public required string Name { get; init; }
    /// <summary>Absolute, cleaned container path.</summary>
    public required string Destination { get; init; }
    public bool ReadOnly { get; init; }
    /// <summary>volume-nocopy (or -v name:/path:nocopy): an empty volume is not filled from the image.</summary>
    public bool NoCopy { get; init; }
    /// <summary>The volume is the container's own (created for it): rm -v and --rm remove it.</summary>
    public bool Anonymous { get; init; }
    public VolumeOrigin Origin { get; init; } = VolumeOrigin.Bind;
    /// <summary>--mount volume-label=K=V: labels the volume gets when this mount creates it.</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
