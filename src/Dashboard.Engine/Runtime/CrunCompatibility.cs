using Dashboard.Engine.Cgroups;

namespace Dashboard.Engine.Runtime;

/// <summary>
/// Whether crun can manage cgroups on this host. crun (libcrun/cgroup.c, libcrun_cgroup_enter) refuses every container
/// in hybrid mode when the cgroup2 hierarchy has any controller, with "cgroups in hybrid mode not supported, drop all
/// controllers from cgroupv2". This repeats that exact check on the same file, so it needs no trial container.
/// </summary>
public static class CrunCompatibility
{
    /// <summary>null when crun works here, else why not.</summary>
    public static string? Check(CgroupLayout layout, string? unifiedControllers)
    {
        if (layout.Mode != CgroupMode.Hybrid) return null;
        var controllers = (unifiedControllers ?? "").Trim();
        if (controllers.Length == 0) return null;
        return $"crun refuses hybrid mode while {layout.UnifiedControllersFile} lists controllers ({controllers}): \"cgroups in hybrid mode not supported\"";
    }
}
