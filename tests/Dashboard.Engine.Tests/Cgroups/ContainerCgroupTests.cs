using Dashboard.Engine.Cgroups;

namespace Dashboard.Engine.Tests.Cgroups;

public sealed class ContainerCgroupTests
{
    private static ContainerCgroup V1(string name) => new(CgroupLayout.FromDirectory(CgroupFixtures.V1Root), "/dashboard/" + name, "dashboard");
    private static ContainerCgroup V2(string name) => new(CgroupLayout.FromDirectory(CgroupFixtures.V2Root), "/dashboard/" + name, "dashboard");

    [Fact]
    public void V1_limits_are_read_from_each_controller_hierarchy()
    {
        var limits = V1("c1").ReadLimits();

        Assert.Equal(CgroupMode.V1, limits.Mode);
        Assert.Equal(25000, limits.CpuQuota);
        Assert.Equal(100000, limits.CpuPeriod);
        Assert.Equal(512, limits.CpuShares);
        Assert.Null(limits.CpuWeight);
        Assert.Equal("0-1", limits.CpusetCpus);
        Assert.Equal(209715200, limits.MemoryLimitBytes);
        Assert.Equal(419430400, limits.MemorySwapLimitBytes);
        Assert.Equal(419430400, limits.MemoryPlusSwapBytes);
        Assert.Equal(100, limits.PidsLimit);
    }

    [Fact]
    public void V1_unlimited_values_read_as_null()
    {
        var limits = V1("unlimited").ReadLimits();

        Assert.Null(limits.CpuQuota);
        Assert.Equal(1024, limits.CpuShares);
        Assert.Null(limits.MemoryLimitBytes);
        Assert.Null(limits.MemorySwapLimitBytes);
        Assert.Null(limits.PidsLimit);
    }

    [Fact]
    public void V2_limits_are_read_from_the_single_directory()
    {
        var limits = V2("c1").ReadLimits();

        Assert.Equal(CgroupMode.V2, limits.Mode);
        Assert.Equal(25000, limits.CpuQuota);
        Assert.Equal(100000, limits.CpuPeriod);
        Assert.Equal(50, limits.CpuWeight);
        Assert.Null(limits.CpuShares);
        Assert.Equal("1", limits.CpusetCpus);
        Assert.Equal(209715200, limits.MemoryLimitBytes);
        Assert.Equal(209715200, limits.MemorySwapLimitBytes);
        Assert.Equal(419430400, limits.MemoryPlusSwapBytes);
        Assert.Equal(100, limits.PidsLimit);
    }

    [Fact]
    public void V2_max_values_read_as_null()
    {
        var limits = V2("unlimited").ReadLimits();

        Assert.Null(limits.CpuQuota);
        Assert.Equal(100000, limits.CpuPeriod);
        Assert.Null(limits.MemoryLimitBytes);
        Assert.Null(limits.MemoryPlusSwapBytes);
        Assert.Null(limits.PidsLimit);
    }

    [Fact]
    public void A_missing_container_reads_as_all_unknown()
    {
        var limits = V1("never-created").ReadLimits();

        Assert.Equal(new CgroupLimits { Mode = CgroupMode.V1 }, limits);
    }

    [Fact]
    public void Directories_follow_the_layout()
    {
        var v1 = V1("c1");
        Assert.Equal(Path.Combine(CgroupFixtures.V1Root, "cpu,cpuacct/dashboard/c1"), v1.CpuDir);
        Assert.Equal(v1.CpuDir, v1.CpuacctDir);
        Assert.Equal(Path.Combine(CgroupFixtures.V1Root, "memory/dashboard/c1"), v1.MemoryDir);
        Assert.Null(v1.BlkioDir);
        Assert.Null(v1.UnifiedDir);

        var v2 = V2("c1");
        Assert.Equal(Path.Combine(CgroupFixtures.V2Root, "dashboard/c1"), v2.MemoryDir);
        Assert.Equal(v2.MemoryDir, v2.PidsDir);
        Assert.Equal([v2.MemoryDir!], v2.AllDirectories());
    }

    [Theory]
    [InlineData("/other/c1")]
    [InlineData("/dashboard")]
    [InlineData("/dashboard/")]
    [InlineData("/dashboard/../etc")]
    [InlineData("/dashboard//c1")]
    [InlineData("/dashboardx/c1")]
    public void Paths_outside_the_parent_are_refused(string cgroupsPath)
    {
        var layout = CgroupLayout.FromDirectory(CgroupFixtures.V1Root);
        Assert.Throws<ArgumentException>(() => new ContainerCgroup(layout, cgroupsPath, "dashboard"));
    }

    [Fact]
    public void Remove_rmdirs_only_the_container_directories()
    {
        var root = Directory.CreateTempSubdirectory("cgroup-v1-").FullName;
        try
        {
            foreach (var controller in new[] { "memory", "pids", "cpu,cpuacct" })
            {
                Directory.CreateDirectory(Path.Combine(root, controller, "dashboard", "c1"));
                Directory.CreateDirectory(Path.Combine(root, controller, "dashboard", "c2"));
                File.WriteAllText(Path.Combine(root, controller, "cgroup.procs"), "1\n");
            }
            var layout = CgroupLayout.FromDirectory(root);

            var failed = new ContainerCgroup(layout, "/dashboard/c1", "dashboard").Remove();

            Assert.Empty(failed);
            foreach (var controller in new[] { "memory", "pids", "cpu,cpuacct" })
            {
                Assert.False(Directory.Exists(Path.Combine(root, controller, "dashboard", "c1")));
                Assert.True(Directory.Exists(Path.Combine(root, controller, "dashboard", "c2")));
            }
            // Removing again is fine: missing directories count as removed.
            Assert.Empty(new ContainerCgroup(layout, "/dashboard/c1", "dashboard").Remove());
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void Remove_never_deletes_recursively()
    {
        var root = Directory.CreateTempSubdirectory("cgroup-v2-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "cgroup.controllers"), "memory\n");
            var dir = Path.Combine(root, "dashboard", "c1");
            Directory.CreateDirectory(Path.Combine(dir, "child"));

            var failed = new ContainerCgroup(CgroupLayout.FromDirectory(root), "/dashboard/c1", "dashboard").Remove();

            Assert.Equal([dir], failed);
            Assert.True(Directory.Exists(Path.Combine(dir, "child")));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
