namespace Dashboard.Engine.Volumes;

/// <summary>A volume of the local driver: a directory under the data root (<c>volumes/NAME/_data</c>, as Docker lays
/// it out), with its labels and options. Immutable; the service replaces nothing, it only adds and removes.</summary>
public sealed record VolumeRecord
{
    public required string Name { get; init; }
    public string Driver { get; init; } = VolumeService.LocalDriver;
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
    /// <summary>Driver options (docker volume create -o); none are accepted today, so this stays empty.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
    public DateTimeOffset Created { get; init; }

    /// <summary>Made for one container (-v /path, an image's VOLUME, --mount without a source): removed by rm -v and
    /// --rm, and by prune without --all.</summary>
    public bool Anonymous => Labels.ContainsKey(VolumeNames.AnonymousLabel);
}

/// <summary>A volume with the containers that use it (running or not), for lists and the dashboard.</summary>
public sealed record VolumeUsage(VolumeRecord Volume, string Mountpoint, IReadOnlyList<VolumeUser> Users);

/// <summary>A container that mounts a volume: id, name and where.</summary>
public sealed record VolumeUser(string ContainerId, string ContainerName, string Destination);
