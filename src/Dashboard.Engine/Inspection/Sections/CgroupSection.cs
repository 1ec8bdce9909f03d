using System.Globalization;
using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Inspection.Proc;

namespace Dashboard.Engine.Inspection.Sections;

/// <summary>
/// A container's cgroup directories under the engine's detected layout (the same <see cref="ContainerCgroup"/>
/// rules runc was given), the members of its cgroup, and the current content of each limit file.
/// </summary>
internal sealed class CgroupSection(CgroupLayout layout, string cgroupParent)
{
    /// <summary>v1 limit files and the controller whose hierarchy holds each.</summary>
    private static readonly (string Controller, string File)[] V1Limits =
    [
        ("cpu", "cpu.cfs_quota_us"), ("cpu", "cpu.cfs_period_us"), ("cpu", "cpu.shares"),
        ("cpuset", "cpuset.cpus"), ("cpuset", "cpuset.mems"),
        ("memory", "memory.limit_in_bytes"), ("memory", "memory.soft_limit_in_bytes"), ("memory", "memory.memsw.limit_in_bytes"),
        ("pids", "pids.max"), ("blkio", "blkio.weight"),
    ];

    private static readonly string[] V2Limits =
        ["cpu.max", "cpu.weight", "cpuset.cpus", "cpuset.mems", "memory.max", "memory.high", "memory.low", "memory.swap.max", "pids.max", "io.max"];

    public ContainerCgroup For(string containerId) => ContainerCgroup.Of(layout, cgroupParent, containerId);

    /// <summary>The host pids in the container's cgroup (cgroup.procs of its pids hierarchy on v1, or of its
    /// unified directory on v2). Empty when the cgroup is gone.</summary>
    public IReadOnlyList<int> Members(ContainerCgroup cgroup)
    {
        var dir = cgroup.PidsDir ?? cgroup.MemoryDir ?? cgroup.CpuDir ?? cgroup.UnifiedDir;
        return ParseProcs(dir is null ? null : ProcFs.TryRead(Path.Combine(dir, "cgroup.procs")));
    }

    public CgroupView Read(ContainerCgroup cgroup) => new(Version(layout.Mode), Paths(cgroup), Limits(cgroup));

    public static string Version(CgroupMode mode) => mode switch
    {
        CgroupMode.V1 => "v1",
        CgroupMode.V2 => "v2",
        _ => "hybrid",
    };

    public static IReadOnlyList<int> ParseProcs(string? content) =>
        (content ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => int.TryParse(l.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : 0)
            .Where(pid => pid > 0)
            .ToList();

    private IReadOnlyList<CgroupPath> Paths(ContainerCgroup cgroup)
    {
        var paths = new List<CgroupPath>();
        if (layout.Mode != CgroupMode.V2)
        {
            // One hierarchy may carry several controllers ("cpu,cpuacct"); each is listed once with all of them.
            foreach (var hierarchy in layout.Controllers.GroupBy(c => c.Value, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var dir = cgroup.DirectoryFor(hierarchy.First().Key);
                if (dir is not null && Directory.Exists(dir)) paths.Add(new CgroupPath(string.Join(',', hierarchy.Select(c => c.Key).Order(StringComparer.Ordinal)), dir));
            }
        }
        if (cgroup.UnifiedDir is { } unified && Directory.Exists(unified))
        {
            var controllers = ProcFs.TryRead(Path.Combine(unified, "cgroup.controllers"))?.Trim() ?? "";
            paths.Add(new CgroupPath(controllers.Replace(' ', ','), unified));
        }
        return paths;
    }

    private IReadOnlyList<CgroupLimitValue> Limits(ContainerCgroup cgroup)
    {
        var files = layout.Mode == CgroupMode.V2
            ? V2Limits.Select(f => (Dir: cgroup.UnifiedDir, File: f))
            : V1Limits.Select(l => (Dir: cgroup.DirectoryFor(l.Controller), l.File));
        return files
            .Select(f => (f.File, Value: f.Dir is null ? null : ProcFs.TryRead(Path.Combine(f.Dir, f.File))?.Trim()))
            .Where(f => f.Value is not null)
            .Select(f => new CgroupLimitValue(f.File, f.Value!))
            .ToList();
    }
}
