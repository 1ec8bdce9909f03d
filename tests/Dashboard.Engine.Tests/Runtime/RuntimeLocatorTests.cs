using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Runtime;

namespace Dashboard.Engine.Tests.Runtime;

public sealed class RuntimeLocatorTests
{
    private static Task<RuntimeSelection> Locate(FakeRuntimeHost host, string? runtime = null, string? conmon = null) =>
        new RuntimeLocator(host).LocateAsync(new EngineOptions { Runtime = runtime, Conmon = conmon }, CancellationToken.None);

    [Fact]
    public async Task On_this_hybrid_host_the_default_skips_crun_with_the_reason_and_picks_runc()
    {
        var selection = await Locate(FakeRuntimeHost.ThisMachine());

        Assert.Equal("runc", selection.Name);
        Assert.Equal("/usr/sbin/runc", selection.Path);
        Assert.Equal("1.1.5+ds1", selection.Version);
        Assert.Equal("/usr/bin/conmon", selection.ConmonPath);
        Assert.Equal("2.1.6", selection.ConmonVersion);
        var reason = Assert.Single(selection.Rejected);
        Assert.StartsWith("crun 1.8.1 cannot run containers on this host's cgroup v1 hybrid layout", reason);
        Assert.Contains("hugetlb", reason);
        Assert.EndsWith("set Engine:Runtime=runc", reason);
    }

    [Fact]
    public async Task Crun_is_preferred_where_it_works()
    {
        var host = FakeRuntimeHost.ThisMachine();
        host.Layout = FakeRuntimeHost.V2;

        var selection = await Locate(host);

        Assert.Equal("crun", selection.Name);
        Assert.Equal("1.8.1", selection.Version);
        Assert.Empty(selection.Rejected);
    }

    [Fact]
    public async Task Hybrid_without_cgroup2_controllers_is_fine_for_crun()
    {
        var host = FakeRuntimeHost.ThisMachine();
        host.UnifiedControllers = "";

        Assert.Equal("crun", (await Locate(host)).Name);
    }

    [Fact]
    public async Task Configured_crun_on_this_host_fails_at_start_with_what_to_change()
    {
        var error = await Assert.ThrowsAsync<RuntimeUnavailableException>(() => Locate(FakeRuntimeHost.ThisMachine(), "crun"));

        Assert.StartsWith("crun 1.8.1 cannot run containers on this host's cgroup v1 hybrid layout", error.Message);
        Assert.EndsWith("set Engine:Runtime=runc", error.Message);
    }

    [Fact]
    public async Task A_configured_absolute_path_is_named_by_its_version_banner()
    {
        var host = FakeRuntimeHost.ThisMachine();
        host.Install("my-runc", "/opt/runtimes/my-runc", "runc version 1.2.6\n", onPath: false);

        var selection = await Locate(host, "/opt/runtimes/my-runc");

        Assert.Equal("runc", selection.Name);
        Assert.Equal("/opt/runtimes/my-runc", selection.Path);
        Assert.Equal("1.2.6", selection.Version);
    }

    [Fact]
    public async Task A_configured_path_that_does_not_exist_is_reported()
    {
        var error = await Assert.ThrowsAsync<RuntimeUnavailableException>(() => Locate(FakeRuntimeHost.ThisMachine(), "/nope/runc"));

        Assert.Contains("/nope/runc does not exist or is not executable", error.Message);
    }

    [Fact]
    public async Task A_runtime_whose_version_fails_is_skipped_with_its_stderr()
    {
        var host = FakeRuntimeHost.ThisMachine();
        host.Layout = FakeRuntimeHost.V2;
        host.Binaries["/usr/bin/crun"] = new ProcessResult(127, "", "error while loading shared libraries: libyajl.so.2");

        var selection = await Locate(host);

        Assert.Equal("runc", selection.Name);
        Assert.Contains("libyajl.so.2", Assert.Single(selection.Rejected));
    }

    [Fact]
    public async Task No_runtime_at_all_says_what_to_install()
    {
        var host = FakeRuntimeHost.ThisMachine();
        host.OnPath.Remove("runc");
        host.OnPath.Remove("crun");

        var error = await Assert.ThrowsAsync<RuntimeUnavailableException>(() => Locate(host));

        Assert.Contains("crun is not on PATH", error.Message);
        Assert.Contains("runc is not on PATH", error.Message);
        Assert.Contains("apt-get install runc", error.Message);
    }

    [Fact]
    public async Task Conmon_is_found_in_podman_libexec_when_not_on_path()
    {
        var host = FakeRuntimeHost.ThisMachine();
        host.OnPath.Remove("conmon");
        host.Binaries.Remove("/usr/bin/conmon");
        host.Install("conmon", "/usr/libexec/podman/conmon", "conmon version 2.1.12\n", onPath: false);

        var selection = await Locate(host);

        Assert.Equal("/usr/libexec/podman/conmon", selection.ConmonPath);
        Assert.Equal("2.1.12", selection.ConmonVersion);
    }

    [Fact]
    public async Task Missing_conmon_is_an_error_naming_the_places_searched()
    {
        var host = FakeRuntimeHost.ThisMachine();
        host.OnPath.Remove("conmon");
        host.Binaries.Remove("/usr/bin/conmon");

        var error = await Assert.ThrowsAsync<RuntimeUnavailableException>(() => Locate(host));

        Assert.Contains("/usr/libexec/podman/conmon", error.Message);
        Assert.Contains("Engine:Conmon", error.Message);
    }

    [Fact]
    public async Task A_configured_conmon_must_exist()
    {
        var error = await Assert.ThrowsAsync<RuntimeUnavailableException>(() => Locate(FakeRuntimeHost.ThisMachine(), conmon: "/opt/conmon"));

        Assert.Contains("Engine:Conmon is set to /opt/conmon", error.Message);
    }

    [Fact]
    public async Task Pure_v1_hosts_accept_crun()
    {
        var host = FakeRuntimeHost.ThisMachine();
        host.Layout = new CgroupLayout(CgroupMode.V1, "/sys/fs/cgroup", new Dictionary<string, string> { ["memory"] = "/sys/fs/cgroup/memory" }, null);

        Assert.Equal("crun", (await Locate(host)).Name);
    }
}
