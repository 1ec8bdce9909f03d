namespace Dashboard.Engine.Cgroups;

/// <summary>How the host mounts cgroups.</summary>
public enum CgroupMode
{
    /// <summary>Legacy: one cgroup v1 hierarchy per controller (or per group of controllers), no cgroup2.</summary>
    V1,

    /// <summary>Unified: a single cgroup2 hierarchy at the root.</summary>
    V2,

    /// <summary>v1 controllers plus a cgroup2 hierarchy (usually at /sys/fs/cgroup/unified) with no or few controllers.</summary>
    Hybrid,
}
