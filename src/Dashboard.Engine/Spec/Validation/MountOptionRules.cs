using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>--tmpfs and --mount (bind and tmpfs), and one rule over every user mount (-v too): no two may claim the
/// same container path, and none may go into /proc, which runc refuses at start.</summary>
internal static class MountOptionRules
{
    public static IReadOnlyList<TmpfsMount> Tmpfs(IReadOnlyList<string> specs, ValidationErrors errors)
    {
        var result = new List<TmpfsMount>();
        foreach (var raw in specs)
        {
            var spec = raw.Trim();
            var colon = spec.IndexOf(':');
            var destination = colon < 0 ? spec : spec[..colon];
            var options = colon < 0 ? "" : spec[(colon + 1)..];
            if (!destination.StartsWith('/'))
            {
                errors.Add("tmpfs", $"invalid --tmpfs '{spec}': the mount path '{destination}' must be absolute, e.g. /run:size=64m");
                continue;
            }
            destination = Path.TrimEndingDirectorySeparator(Path.GetFullPath(destination));
            if (destination == "/")
            {
                errors.Add("tmpfs", $"invalid --tmpfs '{spec}': the destination can't be '/'");
                continue;
            }
            if (!TmpfsOptions.TryValidate(options, out var error))
            {
                errors.Add("tmpfs", $"--tmpfs {spec}: {error}");
                continue;
            }
            result.Add(new TmpfsMount(destination, options));
        }
        return result;
    }

    /// <summary>--mount entries: binds and tmpfs as <see cref="MountSpec"/>s, volumes added to <paramref name="volumes"/>.</summary>
    public static IReadOnlyList<MountSpec> Mounts(IReadOnlyList<string> specs, List<VolumeMount> volumes, ValidationErrors errors)
    {
        var result = new List<MountSpec>();
        foreach (var spec in specs)
        {
            if (!MountSpecParser.TryParse(spec, out var mount, out var volume, out var error)) errors.Add("mount", error);
            else if (volume is not null) volumes.Add(volume);
            else result.Add(mount!);
        }
        return result;
    }

    /// <summary>Duplicate container paths across -v, --tmpfs and --mount, and paths into /proc.</summary>
    public static void CheckDestinations(IReadOnlyList<BindMount> binds, IReadOnlyList<TmpfsMount> tmpfs, IReadOnlyList<MountSpec> mounts,
        IReadOnlyList<VolumeMount> volumes, ValidationErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var bind in binds) seen.Add(bind.Destination); // duplicates among -v are reported by MountRules
        foreach (var volume in volumes.Where(v => v.Origin is VolumeOrigin.Bind or VolumeOrigin.Config)) seen.Add(volume.Destination);
        foreach (var (field, destination) in mounts.Select(m => ("mount", m.Target))
                     .Concat(volumes.Where(v => v.Origin == VolumeOrigin.Mount).Select(v => ("mount", v.Destination)))
                     .Concat(tmpfs.Select(t => ("tmpfs", t.Destination))))
        {
            if (destination == "/proc" || destination.StartsWith("/proc/", StringComparison.Ordinal))
                errors.Add(field, $"--{field} {destination}: mounts into /proc are not allowed (the runtime refuses them)");
            else if (!seen.Add(destination))
                errors.Add(field, $"Duplicate mount point: {destination}");
        }
    }
}
