using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>-v: binds and volumes (named or anonymous; the API's Config.Volumes paths too): each must parse, and no
/// two may claim the same container path.</summary>
internal static class MountRules
{
    public static IReadOnlyList<BindMount> Validate(IReadOnlyList<string> binds, IReadOnlyList<string> anonymous, List<VolumeMount> volumes,
        ValidationErrors errors)
    {
        var result = new List<BindMount>();
        var destinations = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in binds)
        {
            if (!VolumeSpecParser.TryParse(spec, out var bind, out var volume, out var error))
            {
                errors.Add("volume", error);
                continue;
            }
            var destination = bind?.Destination ?? volume!.Destination;
            if (!destinations.Add(destination))
            {
                errors.Add("volume", $"Duplicate mount point: {destination}");
                continue;
            }
            if (bind is not null) result.Add(bind);
            else volumes.Add(volume!);
        }
        // Config.Volumes (what the docker CLI sends for -v /path): a path a -v above already mounts is that mount, as
        // in Docker.
        foreach (var path in anonymous)
        {
            if (!path.StartsWith('/'))
            {
                errors.Add("volume", $"invalid anonymous volume '{path}': the container path must be absolute, e.g. /data");
                continue;
            }
            if (!VolumeSpecParser.TryParse(path, out _, out var volume, out var error) || volume is null)
            {
                errors.Add("volume", error ?? $"invalid anonymous volume '{path}': use an absolute container path");
                continue;
            }
            if (destinations.Add(volume.Destination)) volumes.Add(volume);
        }
        return result;
    }
}
