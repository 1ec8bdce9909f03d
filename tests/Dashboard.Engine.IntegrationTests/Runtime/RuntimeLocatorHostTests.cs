using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Runtime;

namespace Dashboard.Engine.IntegrationTests.Runtime;

/// <summary>The locator against this machine's real binaries and cgroup layout.</summary>
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class RuntimeLocatorHostTests
{
    [RuntimeFact]
    public async Task Default_choice_works_here_and_explains_a_rejected_crun()
    {
        RuntimePrerequisites.Require();
        var host = new SystemRuntimeHost();
        var layout = host.DetectCgroupLayout();

        var selection = await new RuntimeLocator(host).LocateAsync(new EngineOptions(), CancellationToken.None);

        Assert.NotNull(RuntimeVersionParser.Numeric(selection.Version));
        Assert.NotNull(RuntimeVersionParser.Numeric(selection.ConmonVersion));
        var crunRefuses = CrunCompatibility.Check(layout, host.ReadUnifiedControllers(layout)) is not null;
        if (crunRefuses && host.FindOnPath("crun") is not null)
        {
            Assert.Equal("runc", selection.Name);
            Assert.Contains(selection.Rejected, r => r.StartsWith("crun ") && r.EndsWith("set Engine:Runtime=runc"));
        }
    }

    [RuntimeFact]
    public async Task Configured_crun_fails_at_start_where_crun_refuses_the_layout()
    {
        RuntimePrerequisites.Require();
        var host = new SystemRuntimeHost();
        var layout = host.DetectCgroupLayout();
        if (host.FindOnPath("crun") is null || CrunCompatibility.Check(layout, host.ReadUnifiedControllers(layout)) is null)
            return; // nothing to prove on a host where crun works or is absent

        var error = await Assert.ThrowsAsync<RuntimeUnavailableException>(() =>
            new RuntimeLocator(host).LocateAsync(new EngineOptions { Runtime = "crun" }, CancellationToken.None));

        Assert.Matches(@"^crun \S+ cannot run containers on this host's cgroup v1 hybrid layout", error.Message);
    }

    [RuntimeFact]
    public void The_detected_layout_matches_the_kernel_view_of_this_process()
    {
        RuntimePrerequisites.Require();
        var layout = CgroupLayout.Detect();

        // /proc/self/cgroup lists "N:controllers:path" for v1 and "0::path" for cgroup2.
        var lines = File.ReadAllLines("/proc/self/cgroup");
        var hasV1 = lines.Any(l => l.Split(':')[1].Split(',').Any(CgroupLayout.KnownV1Controllers.Contains));
        Assert.Equal(hasV1, layout.Mode != CgroupMode.V2);
        if (hasV1) Assert.NotNull(layout.MountOf("memory"));
    }
}
