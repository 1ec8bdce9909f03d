namespace Dashboard.Engine.Cgroups;

/// <summary>
/// Where the host's cgroup hierarchies are mounted. On v1 and hybrid hosts <see cref="Controllers"/> maps every
/// controller ("memory", "cpu", ...) and every named hierarchy ("name=systemd") to its mount point; a combined mount
/// such as "cpu,cpuacct" appears once per controller. On v2 it is empty and <see cref="UnifiedPath"/> is the root.
/// Immutable; detect it once at start.
/// </summary>
public sealed record CgroupLayout(
    CgroupMode Mode,
    string Root,
    IReadOnlyDictionary<string, string> Controllers,
    string? UnifiedPath)
{
    public const string DefaultRoot = "/sys/fs/cgroup";
    public const string DefaultMountInfoPath = "/proc/self/mountinfo";

    /// <summary>The v1 controllers the kernel knows; anything else in a cgroup mount's options is a mount flag.</summary>
    public static readonly IReadOnlySet<string> KnownV1Controllers = new HashSet<string>(StringComparer.Ordinal)
    {
        "cpu", "cpuacct", "cpuset", "memory", "devices", "freezer", "blkio", "pids",
        "net_cls", "net_prio", "perf_event", "hugetlb", "rdma", "misc",
    };

    /// <summary>The mount point of a v1 controller, or null (always null on v2).</summary>
    public string? MountOf(string controller) => Controllers.TryGetValue(controller, out var path) ? path : null;

    /// <summary>The cgroup.controllers file at the unified (v2) hierarchy's root; null without a unified hierarchy.</summary>
    public string? UnifiedControllersFile => UnifiedPath is null ? null : Path.Combine(UnifiedPath, CgroupFiles.Controllers);

    /// <summary>The controllers the unified hierarchy's root offers, as the kernel lists them; null without one.</summary>
    public string? ReadUnifiedControllers() =>
        UnifiedControllersFile is { } file && File.Exists(file) ? File.ReadAllText(file) : null;

    /// <summary>The weight file runc writes for --blkio-weight (the BFQ one first, as runc prefers it), or null when
    /// the host offers none.</summary>
    public string? BlkioWeightFile()
    {
        string[] candidates = MountOf("blkio") is { } blkio
            ? [Path.Combine(blkio, CgroupFiles.V1.BlkioBfqWeight), Path.Combine(blkio, CgroupFiles.V1.BlkioWeight)]
            : Mode == CgroupMode.V2 && UnifiedPath is { } unified
                ? [Path.Combine(unified, CgroupFiles.V2.IoBfqWeight), Path.Combine(unified, CgroupFiles.V2.IoWeight)]
                : [];
        // The root cgroup has no weight of its own on v2; a child of it shows whether the controller offers one.
        return candidates.FirstOrDefault(File.Exists)
            ?? candidates.Select(c => Path.Combine(Path.GetDirectoryName(c)!, "init.scope", Path.GetFileName(c))).FirstOrDefault(File.Exists);
    }

    /// <summary>
    /// Detects the layout under <paramref name="root"/> from the mount table, falling back to the directory's
    /// contents when the mount table names no cgroup file system under the root (fixtures, unusual containers).
    /// </summary>
    public static CgroupLayout Detect(string root = DefaultRoot, string mountInfoPath = DefaultMountInfoPath)
    {
        if (File.Exists(mountInfoPath))
        {
            var fromMounts = FromMountInfo(File.ReadAllText(mountInfoPath), root);
            if (fromMounts is not null) return fromMounts;
        }
        return FromDirectory(root);
    }

    /// <summary>Parses /proc/self/mountinfo content; null when no cgroup mount lies at or under <paramref name="root"/>.</summary>
    public static CgroupLayout? FromMountInfo(string mountInfo, string root = DefaultRoot)
    {
        root = root.TrimEnd('/');
        var controllers = new Dictionary<string, string>(StringComparer.Ordinal);
        string? unified = null;
        foreach (var line in mountInfo.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var entry = MountInfoEntry.TryParse(line);
            if (entry is null) continue;
            if (entry.MountPoint != root && !entry.MountPoint.StartsWith(root + "/", StringComparison.Ordinal)) continue;
            if (entry.FileSystemType == "cgroup2")
            {
                // The root mount wins over a nested one (v2 proper); otherwise the nested one is hybrid's "unified".
                if (unified is null || entry.MountPoint == root) unified = entry.MountPoint;
            }
            else if (entry.FileSystemType == "cgroup")
            {
                foreach (var option in entry.SuperOptions.Split(','))
                {
                    if (KnownV1Controllers.Contains(option) || option.StartsWith("name=", StringComparison.Ordinal))
                        controllers.TryAdd(option, entry.MountPoint);
                }
            }
        }
        return Classify(root, controllers, unified);
    }

    /// <summary>
    /// Infers the layout from the root directory's contents: root/cgroup.controllers means v2; directories named after
    /// controllers (possibly combined, "cpu,cpuacct") mean v1; root/unified/cgroup.controllers besides them means hybrid.
    /// </summary>
    public static CgroupLayout FromDirectory(string root = DefaultRoot)
    {
        root = root.TrimEnd('/');
        if (File.Exists(Path.Combine(root, CgroupFiles.Controllers)))
            return new CgroupLayout(CgroupMode.V2, root, new Dictionary<string, string>(), root);

        var controllers = new Dictionary<string, string>(StringComparer.Ordinal);
        string? unified = null;
        if (Directory.Exists(root))
        {
            // Real directories first so that "cpu,cpuacct" wins over the "cpu" symlink pointing at it.
            var dirs = Directory.GetDirectories(root)
                .OrderBy(d => new DirectoryInfo(d).LinkTarget is null ? 0 : 1)
                .ThenBy(d => d, StringComparer.Ordinal);
            foreach (var dir in dirs)
            {
                var name = Path.GetFileName(dir);
                if (name == "unified" && File.Exists(Path.Combine(dir, CgroupFiles.Controllers)))
                {
                    unified = dir;
                    continue;
                }
                var parts = name.Split(',');
                if (parts.All(KnownV1Controllers.Contains))
                {
                    foreach (var part in parts) controllers.TryAdd(part, dir);
                }
                else if (File.Exists(Path.Combine(dir, CgroupFiles.Procs)))
                {
                    controllers.TryAdd("name=" + name, dir);
                }
            }
        }
        return Classify(root, controllers, unified)
            ?? throw new InvalidOperationException($"No cgroup hierarchy found under {root}: neither cgroup.controllers (v2) nor controller directories (v1).");
    }

    private static CgroupLayout? Classify(string root, Dictionary<string, string> controllers, string? unified)
    {
        var hasV1 = controllers.Keys.Any(KnownV1Controllers.Contains);
        if (hasV1)
            return new CgroupLayout(unified is null ? CgroupMode.V1 : CgroupMode.Hybrid, root, controllers, unified);
        if (unified == root)
            return new CgroupLayout(CgroupMode.V2, root, new Dictionary<string, string>(), root);
        return null;
    }
}
