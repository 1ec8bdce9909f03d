namespace Dashboard.Engine.Spec.Oci;

/// <summary>The <c>mounts</c> section: Docker's default file systems, the engine's /etc files, the user's binds.</summary>
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

    public static List<OciMount> Build(OciSpecInput input)
    {
        var mounts = new List<OciMount>(s_defaults);
        // A /dev/shm that others can share lives on the host (as Docker's shareable IPC and podman do): a mount in
        // another container's mount namespace cannot be bind-mounted from outside it (the kernel answers EINVAL).
        if (input.Joins.ShmSource is { } shm)
            mounts[mounts.FindIndex(m => m.Destination == "/dev/shm")] =
                new OciMount("/dev/shm", "bind", shm, ["rbind", "nosuid", "noexec", "nodev", "rprivate"]);
        var userDestinations = input.Config.Binds.Select(b => b.Destination).ToHashSet(StringComparer.Ordinal);

        // A user bind on /etc/hosts (or the like) wins over the generated file, as in Docker.
        foreach (var (destination, source) in input.EtcFiles.OrderBy(p => p.Key, StringComparer.Ordinal))
            if (!userDestinations.Contains(destination))
                mounts.Add(new OciMount(destination, "bind", source, ["rbind", "rprivate"]));

        // Parents before children (fewest path components first), so /data/sub is not hidden by /data.
        var binds = input.Config.Binds
            .OrderBy(b => b.Destination.Count(c => c == '/'))
            .ThenBy(b => b.Destination, StringComparer.Ordinal);
        foreach (var bind in binds)
        {
            IReadOnlyList<string> options = bind.ReadOnly ? ["rbind", "ro", "rprivate"] : ["rbind", "rprivate"];
            mounts.Add(new OciMount(bind.Destination, "bind", bind.Source, options));
        }
        return mounts;
    }
}
