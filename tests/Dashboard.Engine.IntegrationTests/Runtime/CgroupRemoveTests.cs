using Dashboard.Engine.Cgroups;

namespace Dashboard.Engine.IntegrationTests.Runtime;

[Collection(RuntimeCollection.Name)]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class CgroupRemoveTests
{
    [RuntimeFact]
    public async Task Fallback_remove_rmdirs_real_cgroups_left_behind()
    {
        await using var host = await RuntimeTestHost.CreateAsync();
        var bundle = host.Bundle(["true"]); // registers the id for cleanup even if this test fails
        var cgroup = host.Cgroup(bundle);
        // What a crashed runc could leave: the container's cgroup in every hierarchy, with no process inside.
        foreach (var dir in cgroup.AllDirectories()) Directory.CreateDirectory(dir);
        Assert.True(File.Exists(Path.Combine(cgroup.MemoryDir!, cgroup.Mode == CgroupMode.V2 ? "memory.max" : "memory.limit_in_bytes")));

        var failed = cgroup.Remove();

        Assert.Empty(failed);
        Assert.DoesNotContain(cgroup.AllDirectories(), Directory.Exists);
    }
}
