using Dashboard.Engine.Cgroups;

namespace Dashboard.Engine.Inspection.Sections;

/// <summary>
/// A container's cgroup directories under the engine's detected layout (the same <see cref="ContainerCgroup"/>
/// rules runc was given), the members of its cgroup, and the current content of each limit file.
/// </summary>
internal sealed class CgroupSection(CgroupLayout layout, string cgroupParent)
{
    public ContainerCgroup For(string containerId) => ContainerCgroup.Of(layout, cgroupParent, containerId);

    /// <summary>The host pids in the container's cgroup (cgroup.procs of its pids hierarchy on v1, or of its
    /// unified directory on v2). Empty when the cgroup is gone.</summary>
    public IReadOnlyList<int> Members(ContainerCgroup cgroup) => cgroup.Members();

    public CgroupView Read(ContainerCgroup cgroup) => new(Version(layout.Mode), Paths(cgroup), Limits(cgroup));

    public static string Version(CgroupMode mode) => mode switch
    {
        CgroupMode.V1 => "v1",
        CgroupMode.V2 => "v2",
        _ => "hybrid",
    };

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
            var controllers = cgroup.UnifiedControllers() ?? "";
            paths.Add(new CgroupPath(controllers.Replace(' ', ','), unified));
        }
        return paths;
    }

    private static IReadOnlyList<CgroupLimitValue> Limits(ContainerCgroup cgroup) =>
        cgroup.ReadLimitFiles().Select(f => new CgroupLimitValue(f.File, f.Value)).ToList();
}
