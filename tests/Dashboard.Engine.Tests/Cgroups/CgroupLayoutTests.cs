using Dashboard.Engine.Cgroups;

namespace Dashboard.Engine.Tests.Cgroups;

public sealed class CgroupLayoutTests
{
    [Fact]
    public void Hybrid_mountinfo_maps_each_v1_controller_and_the_unified_hierarchy()
    {
        var layout = CgroupLayout.FromMountInfo(CgroupFixtures.MountInfo("hybrid"))!;

        Assert.Equal(CgroupMode.Hybrid, layout.Mode);
        Assert.Equal("/sys/fs/cgroup/unified", layout.UnifiedPath);
        Assert.Equal("/sys/fs/cgroup/memory", layout.MountOf("memory"));
        Assert.Equal("/sys/fs/cgroup/cpu", layout.MountOf("cpu"));
        Assert.Equal("/sys/fs/cgroup/cpuacct", layout.MountOf("cpuacct"));
        Assert.Equal("/sys/fs/cgroup/systemd", layout.MountOf("name=systemd"));
        Assert.DoesNotContain("rw", layout.Controllers.Keys);
    }

    [Fact]
    public void Combined_v1_mounts_serve_every_controller_they_hold()
    {
        var layout = CgroupLayout.FromMountInfo(CgroupFixtures.MountInfo("v1-combined"))!;

        Assert.Equal(CgroupMode.V1, layout.Mode);
        Assert.Null(layout.UnifiedPath);
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct", layout.MountOf("cpu"));
        Assert.Equal("/sys/fs/cgroup/cpu,cpuacct", layout.MountOf("cpuacct"));
        Assert.Equal("/sys/fs/cgroup/net_cls,net_prio", layout.MountOf("net_prio"));
        Assert.Equal("/sys/fs/cgroup/cpuset", layout.MountOf("cpuset"));
        Assert.False(layout.Controllers.ContainsKey("clone_children"));
        Assert.False(layout.Controllers.ContainsKey("xattr"));
    }

    [Fact]
    public void Cgroup2_at_the_root_is_v2()
    {
        var layout = CgroupLayout.FromMountInfo(CgroupFixtures.MountInfo("v2"))!;

        Assert.Equal(CgroupMode.V2, layout.Mode);
        Assert.Equal("/sys/fs/cgroup", layout.UnifiedPath);
        Assert.Empty(layout.Controllers);
    }

    [Fact]
    public void Mounts_outside_the_root_are_ignored()
    {
        Assert.Null(CgroupLayout.FromMountInfo(CgroupFixtures.MountInfo("hybrid"), "/elsewhere"));
    }

    [Fact]
    public void Octal_escapes_in_mount_points_are_decoded()
    {
        Assert.Equal("/mnt/with space", MountInfoEntry.TryParse(@"38 22 0:40 / /mnt/with\040space rw - tmpfs tmpfs rw")!.MountPoint);
        Assert.Null(MountInfoEntry.TryParse("garbage"));
    }

    [Fact]
    public void A_v1_directory_with_a_combined_cpu_cpuacct_dir_is_detected()
    {
        var layout = CgroupLayout.FromDirectory(CgroupFixtures.V1Root);

        Assert.Equal(CgroupMode.V1, layout.Mode);
        Assert.Equal(Path.Combine(CgroupFixtures.V1Root, "cpu,cpuacct"), layout.MountOf("cpu"));
        Assert.Equal(Path.Combine(CgroupFixtures.V1Root, "cpu,cpuacct"), layout.MountOf("cpuacct"));
        Assert.Equal(Path.Combine(CgroupFixtures.V1Root, "memory"), layout.MountOf("memory"));
        Assert.Equal(Path.Combine(CgroupFixtures.V1Root, "systemd"), layout.MountOf("name=systemd"));
    }

    [Fact]
    public void A_directory_with_cgroup_controllers_is_v2()
    {
        var layout = CgroupLayout.FromDirectory(CgroupFixtures.V2Root);

        Assert.Equal(CgroupMode.V2, layout.Mode);
        Assert.Equal(CgroupFixtures.V2Root, layout.UnifiedPath);
    }

    [Fact]
    public void Detect_falls_back_to_the_directory_when_the_mount_table_names_nothing_there()
    {
        var layout = CgroupLayout.Detect(CgroupFixtures.V2Root, Path.Combine(CgroupFixtures.Dir, "mountinfo-v2.txt"));

        Assert.Equal(CgroupMode.V2, layout.Mode);
        Assert.Equal(CgroupFixtures.V2Root, layout.Root);
    }

    [Fact]
    public void A_directory_without_any_hierarchy_is_an_error()
    {
        var empty = Directory.CreateTempSubdirectory().FullName;
        try
        {
            Assert.Throws<InvalidOperationException>(() => CgroupLayout.FromDirectory(empty));
        }
        finally
        {
            Directory.Delete(empty);
        }
    }
}
