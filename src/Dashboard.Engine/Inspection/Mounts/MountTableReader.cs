using Dashboard.Engine.Cgroups;

namespace Dashboard.Engine.Inspection.Mounts;

/// <summary>
/// Turns a container's /proc/PID/mountinfo (read from the host, it shows the container's mount namespace) into the
/// mount table, the overlay root and the hardened paths that are actually in force.
/// </summary>
internal static class MountTableReader
{
    /// <summary>Options the root row leaves out: the overlay's layers are shown broken down instead.</summary>
    private static readonly string[] OverlayLayerOptions = ["lowerdir", "lowerdir+", "upperdir", "workdir", "datadir+"];

    /// <param name="mountInfo">The content of /proc/PID/mountinfo.</param>
    /// <param name="layerDigests">Image layer directory (as the image store lays it out) to its diff id.</param>
    /// <param name="hardening">The masked and read-only paths the container was created with.</param>
    public static MountView Read(string mountInfo, IReadOnlyDictionary<string, string> layerDigests, HardenedPaths hardening)
    {
        var entries = mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(MountInfoEntry.TryParse).OfType<MountInfoEntry>().ToList();
        var mounts = entries.Select(ToMount).ToList();
        // Later lines are mounted on top of earlier ones at the same point: the last one is what is visible.
        var visible = new Dictionary<string, MountEntry>(StringComparer.Ordinal);
        foreach (var mount in mounts) visible[mount.MountPoint] = mount;
        var root = entries.LastOrDefault(e => e.MountPoint == "/" && e.FileSystemType == "overlay");
        return new MountView(
            mounts,
            root is null ? null : OverlayRoot.Parse(root.SuperOptions, layerDigests),
            // runc skips a masked or read-only path that does not exist, so only the ones with a mount are reported.
            hardening.Masked.Where(visible.ContainsKey).ToList(),
            hardening.Readonly.Where(p => visible.TryGetValue(p, out var m) && m.ReadOnly).ToList());
    }

    private static MountEntry ToMount(MountInfoEntry e)
    {
        var mountOptions = e.MountOptions.Split(',', StringSplitOptions.RemoveEmptyEntries);
        var superOptions = e.SuperOptions.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Where(o => o is not ("rw" or "ro"))
            .Where(o => e.FileSystemType != "overlay" || !OverlayLayerOptions.Contains(o.Split('=')[0]));
        var options = string.Join(',', mountOptions.Concat(superOptions).Distinct(StringComparer.Ordinal));
        return new MountEntry(e.MountPoint, e.Source, e.FileSystemType, options, mountOptions.Contains("ro"));
    }
}
