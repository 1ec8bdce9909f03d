using System.Globalization;
using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Engine.Spec.Oci;

/// <summary>
/// The <c>mounts</c> section: Docker's default file systems, the engine's /etc files, --init's binary, then the user's
/// mounts (-v, --mount, --tmpfs), as moby's withMounts lays them out: a user mount replaces a default at the same
/// path (one on /dev replaces everything under /dev), --read-only makes every other mount read-only except the
/// kernel and /dev ones, and --privileged makes /sys and the cgroup mount writable.
/// </summary>
internal static class MountsBuilder
{
    private static readonly IReadOnlyList<OciMount> s_defaults =
    [
        new("/proc", "proc", "proc", ["nosuid", "noexec", "nodev"]),
        new("/dev", "tmpfs", "tmpfs", ["nosuid", "strictatime", "mode=755", "size=65536k"]),
        new("/dev/pts", "devpts", "devpts", ["nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"]),
        new("/sys", "sysfs", "sysfs", ["nosuid", "noexec", "nodev", "ro"]),
        new("/sys/fs/cgroup", "cgroup", "cgroup", ["ro", "nosuid", "noexec", "nodev"]),
        new("/dev/mqueue", "mqueue", "mqueue", ["nosuid", "noexec", "nodev"]),
        new("/dev/shm", "tmpfs", "shm", ["nosuid", "noexec", "nodev", "mode=1777", "size=65536k"]),
    ];

    // The mounts --read-only leaves writable, as moby does: the kernel's and /dev's own file systems.
    private static readonly IReadOnlySet<string> s_writableWhenReadOnly =
        new HashSet<string>(StringComparer.Ordinal) { "/proc", "/dev/pts", "/dev/shm", "/dev/mqueue", "/dev" };

    public static List<OciMount> Build(OciSpecInput input) => Build(input, out _);

    /// <param name="rootfsPropagation">"shared" or "rslave" when a bind mount asks for shared or slave propagation
    /// (the root must propagate too, as moby sets it), else null.</param>
    public static List<OciMount> Build(OciSpecInput input, out string? rootfsPropagation)
    {
        var config = input.Config;
        var user = UserMounts(config, input.VolumePaths, out rootfsPropagation);
        var userDestinations = user.Select(m => m.Destination).ToHashSet(StringComparer.Ordinal);
        var mountsDev = userDestinations.Contains("/dev");

        var mounts = new List<OciMount>();
        foreach (var mount in s_defaults)
        {
            if (userDestinations.Contains(mount.Destination)) continue;
            if (mountsDev && mount.Destination.StartsWith("/dev/", StringComparison.Ordinal)) continue;
            mounts.Add(mount.Destination switch
            {
                // A /dev/shm that others can share lives on the host (as Docker's shareable IPC and podman do): a mount
                // in another container's mount namespace cannot be bind-mounted from outside it (EINVAL).
                "/dev/shm" when input.Joins.ShmSource is { } shm => new OciMount("/dev/shm", "bind", shm, ["rbind", "nosuid", "noexec", "nodev", "rprivate"]),
                "/dev/shm" when config.ShmSizeBytes is { } size => mount with { Options = ["nosuid", "noexec", "nodev", "mode=1777", "size=" + SizeOption(size)] },
                "/sys" or "/sys/fs/cgroup" when config.Security.Privileged => mount with { Options = mount.Options!.Where(o => o != "ro").ToArray() },
                _ => mount,
            });
        }

        // A user mount on /etc/hosts (or the like) wins over the generated file, as in Docker.
        foreach (var (destination, source) in input.EtcFiles.OrderBy(p => p.Key, StringComparer.Ordinal))
            if (!userDestinations.Contains(destination))
                mounts.Add(new OciMount(destination, "bind", source, ["rbind", "rprivate"]));

        if (config.Init == true && input.InitPath is { } init && !userDestinations.Contains(ProcessBuilder.InitPath))
            mounts.Add(new OciMount(ProcessBuilder.InitPath, "bind", init, ["bind", "ro"]));

        if (config.Security.ReadonlyRootfs)
        {
            for (var i = 0; i < mounts.Count; i++)
                if (!s_writableWhenReadOnly.Contains(mounts[i].Destination) && !mounts[i].Options!.Contains("ro"))
                    mounts[i] = mounts[i] with { Options = [.. mounts[i].Options!, "ro"] };
        }
        mounts.AddRange(user);
        return mounts;
    }

    /// <summary>-v binds, --mount and --tmpfs, parents before children (fewest path components first), so /data/sub
    /// is not hidden by /data; ties keep that order.</summary>
    private static List<OciMount> UserMounts(ContainerConfig config, IReadOnlyDictionary<string, string> volumePaths, out string? rootfsPropagation)
    {
        rootfsPropagation = null;
        var user = new List<OciMount>();
        foreach (var bind in config.Binds)
        {
            IReadOnlyList<string> options = bind.ReadOnly ? ["rbind", "ro", "rprivate"] : ["rbind", "rprivate"];
            user.Add(new OciMount(bind.Destination, "bind", bind.Source, options));
        }
        foreach (var mount in config.Mounts)
        {
            if (mount.Type == MountKind.Tmpfs)
            {
                user.Add(Tmpfs(mount.Target, TmpfsData(mount)));
                continue;
            }
            var propagation = mount.Propagation ?? "rprivate";
            List<string> options = [mount.NonRecursive ? "bind" : "rbind"];
            if (mount.ReadOnly) options.Add("ro");
            options.Add(propagation);
            user.Add(new OciMount(mount.Target, "bind", mount.Source!, options));
            // moby: a shared mount needs a shared root, a slave one at least a slave root.
            if (propagation is "shared" or "rshared") rootfsPropagation = "shared";
            else if (propagation is "slave" or "rslave" && rootfsPropagation is null) rootfsPropagation = "rslave";
        }
        foreach (var tmpfs in config.Tmpfs) user.Add(Tmpfs(tmpfs.Destination, tmpfs.Options));
        foreach (var volume in config.Volumes)
        {
            // A volume whose directory is unknown would silently become an empty directory of the rootfs.
            if (!volumePaths.TryGetValue(volume.Name, out var source))
                throw new InvalidOperationException($"volume {volume.Name} of {volume.Destination} has no host directory");
            user.Add(new OciMount(volume.Destination, "bind", source, volume.ReadOnly ? ["rbind", "ro", "rprivate"] : ["rbind", "rprivate"]));
        }
        return user
            .OrderBy(m => m.Destination.Count(c => c == '/'))
            .ThenBy(m => m.Destination, StringComparer.Ordinal)
            .ToList();
    }

    private static OciMount Tmpfs(string destination, string data) =>
        new(destination, "tmpfs", "tmpfs", TmpfsOptions.Merge([.. TmpfsOptions.Defaults, .. TmpfsOptions.Split(data)]));

    /// <summary>moby's ConvertTmpfsOptions: --mount type=tmpfs options as the data of a --tmpfs mount.</summary>
    private static string TmpfsData(MountSpec mount)
    {
        var options = new List<string>();
        if (mount.ReadOnly) options.Add("ro");
        if (mount.TmpfsMode is { } mode) options.Add("mode=" + Convert.ToString(mode, 8));
        if (mount.TmpfsSizeBytes is { } size) options.Add("size=" + SizeOption(size));
        return string.Join(',', options);
    }

    /// <summary>A size with the largest binary suffix that divides it: 65536k, 1m, 2g.</summary>
    private static string SizeOption(long bytes)
    {
        foreach (var (suffix, divisor) in new[] { ("g", 1L << 30), ("m", 1L << 20), ("k", 1L << 10) })
            if (bytes % divisor == 0) return (bytes / divisor).ToString(CultureInfo.InvariantCulture) + suffix;
        return bytes.ToString(CultureInfo.InvariantCulture);
    }
}
