using Dashboard.Engine.Snapshots;

namespace Dashboard.Engine.Spec;

/// <summary>
/// moby's ensureShared / ensureSharedOrSlave: a bind mount with shared propagation only propagates when the mount
/// its source lives on is shared, and a slave one when it is shared or a slave; otherwise the runtime would set up a
/// mount that silently never propagates. Reads /proc/self/mountinfo, at start.
/// </summary>
public static class BindPropagation
{
    /// <exception cref="ValidationException">Field "mount": the source's mount does not propagate as asked.</exception>
    public static void Check(MountSpec mount, string mountInfoPath = "/proc/self/mountinfo")
    {
        if (mount.Type != MountKind.Bind || mount.Propagation is not ("shared" or "rshared" or "slave" or "rslave")) return;
        var source = Path.GetFullPath(mount.Source!);
        try { source = new DirectoryInfo(source).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? source; }
        catch (IOException) { }
        (string MountPoint, string[] Optional)? owner = null;
        foreach (var line in File.ReadLines(mountInfoPath))
        {
            // "ID PARENT MAJ:MIN ROOT MOUNTPOINT OPTIONS [OPTIONAL...] - FSTYPE SOURCE SUPEROPTIONS" (proc(5)).
            var separator = line.IndexOf(" - ", StringComparison.Ordinal);
            if (separator < 0) continue;
            var fields = line[..separator].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 6) continue;
            var point = MountInfo.Unescape(fields[4]);
            var contains = point == "/" || source == point || source.StartsWith(point + "/", StringComparison.Ordinal);
            // The last matching entry of the longest mount point is the one on top.
            if (contains && (owner is null || point.Length >= owner.Value.MountPoint.Length)) owner = (point, fields[6..]);
        }
        if (owner is not { } found) return;
        var shared = found.Optional.Any(f => f.StartsWith("shared:", StringComparison.Ordinal));
        var slave = found.Optional.Any(f => f.StartsWith("master:", StringComparison.Ordinal));
        if (mount.Propagation is "shared" or "rshared" && !shared)
            throw new ValidationException("mount", $"--mount bind-propagation={mount.Propagation}: path {mount.Source} is mounted on {found.MountPoint} but it is not a shared mount; make it shared first (mount --make-rshared {found.MountPoint})");
        if (mount.Propagation is "slave" or "rslave" && !shared && !slave)
            throw new ValidationException("mount", $"--mount bind-propagation={mount.Propagation}: path {mount.Source} is mounted on {found.MountPoint} but it is not a shared or slave mount; make it shared first (mount --make-rshared {found.MountPoint})");
    }
}
