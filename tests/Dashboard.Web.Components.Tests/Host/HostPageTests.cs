using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Runtime;
using Dashboard.Engine.Stats;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Host;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Host;

/// <summary>The host page: facts, runtime, the runc CVE verdict and the containers' live share of the host.</summary>
public sealed class HostPageTests : BunitContext, IAsyncLifetime
{
    private readonly FakeStats _stats = new();

    public HostPageTests()
    {
        Services.AddMudServices();
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddSingleton(new HostInfo(2, 4L * 1024 * 1024 * 1024, "6.1.0-test", "Debian GNU/Linux 12 (bookworm)", "box"));
        Services.AddSingleton<IStatsService>(_stats);
        Services.AddSingleton<IContainerEngine>(new FakeEngine(
            FakeEngine.Record("web", ContainerStatus.Running),
            FakeEngine.Record("db", ContainerStatus.Running),
            FakeEngine.Record("old", ContainerStatus.Exited)));
        var layout = new CgroupLayout(CgroupMode.Hybrid, "/sys/fs/cgroup", new Dictionary<string, string>(), "/sys/fs/cgroup/unified");
        Services.AddSingleton(new RuntimeSelection("runc", "/usr/bin/runc", "1.1.5+ds1", "/usr/bin/conmon", "2.1.6", layout,
            ["crun 1.8.1: refuses the hybrid cgroup layout"]));
        var auth = AddAuthorization();
        auth.SetAuthorized("viewer");
        auth.SetRoles(Roles.Viewer);
        auth.SetPolicies(Roles.Policies.Viewer);
    }

    private IRenderedComponent<Dashboard.Web.Components.Pages.Host> RenderWith(string runtime, string version, string? changelog = null)
    {
        Services.AddSingleton<IContainerRuntime>(new IdentityRuntime(runtime, version, "2.1.6"));
        Services.AddSingleton<IRuncChangelogSource>(new FixedChangelog(changelog));
        return Render<Dashboard.Web.Components.Pages.Host>();
    }

    private static Dictionary<string, string> Verdicts(IRenderedComponent<Dashboard.Web.Components.Pages.Host> cut) =>
        cut.FindAll("[data-testid=cve-verdict]").ToDictionary(
            a => a.QuerySelector("b")!.TextContent,
            a => a.ClassList.Any(c => c.Contains("success")) ? "fixed" : "warning");

    [Fact]
    public void Shows_host_runtime_cgroups_and_rejected_runtimes()
    {
        var cut = RenderWith("runc", "1.1.5+ds1");
        Assert.Contains("runc 1.1.5+ds1", cut.Find("[data-testid=runtime-name]").TextContent);
        Assert.Contains("2.1.6", cut.Find("[data-testid=conmon]").TextContent);
        Assert.Equal("Hybrid", cut.Find("[data-testid=cgroup-mode]").TextContent);
        Assert.Contains("crun 1.8.1: refuses", cut.Find("[data-testid=rejected]").TextContent);
        Assert.Contains("6.1.0-test", cut.Markup);
        Assert.Contains("4 GiB", cut.Markup);
    }

    [Theory]
    [InlineData("1.1.5+ds1", null, "warning", "warning")]
    [InlineData("1.1.5+ds1", "Fix CVE-2024-21626 (leaky fd)", "fixed", "warning")]
    [InlineData("1.1.12", null, "fixed", "warning")]
    [InlineData("1.3.3", null, "fixed", "fixed")]
    [InlineData("1.4.0-rc.2", null, "fixed", "warning")]
    public void Shows_the_runc_cve_verdict(string version, string? changelog, string leak2024, string escapes2025)
    {
        var cut = RenderWith("runc", version, changelog);
        var verdicts = Verdicts(cut);
        Assert.Equal(4, verdicts.Count);
        Assert.Equal(leak2024, verdicts["CVE-2024-21626"]);
        Assert.Equal(escapes2025, verdicts["CVE-2025-31133"]);
        Assert.Equal(escapes2025, verdicts["CVE-2025-52881"]);
    }

    [Fact]
    public void Crun_gets_no_runc_verdict()
    {
        var cut = RenderWith("crun", "1.8.1");
        Assert.Empty(cut.FindAll("[data-testid=cve-verdict]"));
        Assert.Contains("not runc", cut.Find("[data-testid=cve]").TextContent);
    }

    [Fact]
    public async Task Status_counts_and_live_usage_against_the_host()
    {
        var cut = RenderWith("runc", "1.3.3");
        Assert.Contains("running: 2", cut.Find("[data-testid=status-counts]").TextContent);
        Assert.Contains("exited: 1", cut.Find("[data-testid=status-counts]").TextContent);

        ContainerStats Sample(string id, double cpu, ulong workingSet) => new()
        {
            ContainerId = id, Time = DateTimeOffset.UtcNow,
            Cpu = new CpuStats { Percent = cpu }, Memory = new MemoryStats { Usage = workingSet * 2, WorkingSet = workingSet },
        };
        await _stats.Ticks.Writer.WriteAsync(new StatsTick(DateTimeOffset.UtcNow,
            [Sample("a", 50, 512L * 1024 * 1024), Sample("b", 30, 512L * 1024 * 1024)]));

        // 80 % of one CPU on a 2-CPU host is 40 % of the host; 1 GiB of 4 GiB is 25 %.
        cut.WaitForAssertion(() =>
        {
            Assert.Contains("40.0% of 2 CPUs", cut.Find("[data-testid=usage-cpu]").TextContent);
            Assert.Contains("1 GiB of 4 GiB (25.0%)", cut.Find("[data-testid=usage-memory]").TextContent);
        }, TimeSpan.FromSeconds(2));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor services are IAsyncDisposable only, so the context must be disposed asynchronously.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
