using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Inspection;
using Dashboard.Web.Access;
using Dashboard.Web.Components.Namespaces;
using Dashboard.Web.Components.Tests.Detail;
using Dashboard.Web.Components.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;

namespace Dashboard.Web.Components.Tests.Namespaces;

/// <summary>The Namespaces tab on its own, as an admin, against a fake inspector: every section shows the report.</summary>
public sealed class NamespacesTabTests : BunitContext, IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private readonly FakeNamespaceInspector _inspector = new();
    private readonly ContainerRecord _container = FakeEngine.Web;
    /// <summary>The auto-refresh's clock: it ticks only when a test moves it.</summary>
    private readonly FakeTimeProvider _time = new();

    public NamespacesTabTests()
    {
        Services.AddSingleton<INamespaceInspector>(_inspector);
        Services.AddSingleton<TimeProvider>(_time);
        Services.AddMudServices();
        Services.AddScoped<UiActions>(); // pages act through it
        JSInterop.Mode = JSRuntimeMode.Loose;
    }

    public Task InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private IRenderedComponent<NamespacesTab> RenderAs(string role, TimeSpan? interval = null)
    {
        var auth = AddAuthorization();
        auth.SetAuthorized("alice");
        auth.SetRoles(role);
        return Render<NamespacesTab>(p => p
            .Add(c => c.Container, _container)
            .Add(c => c.RefreshInterval, interval ?? TimeSpan.FromMinutes(10)));
    }

    private static string Text(IRenderedComponent<NamespacesTab> cut, string testId) => cut.Find($"[data-testid={testId}]").TextContent.Trim();

    [Fact]
    public void Namespaces_table_shows_inodes_host_marks_and_links_to_the_sharing_containers()
    {
        var cut = RenderAs(Roles.Admin);

        Assert.Equal(_container.Id, _inspector.LastReference);
        Assert.Equal("net:[4026532293]", Text(cut, "inode-net"));
        Assert.Equal("pid:[4026532290]", Text(cut, "inode-pid"));
        var sidecar = cut.Find("[data-testid=shared-net] a");
        Assert.Equal("sidecar", sidecar.TextContent.Trim());
        Assert.Equal("/containers/sidecar/namespaces", sidecar.GetAttribute("href"));
        Assert.Empty(cut.FindAll("[data-testid=shared-pid] a"));
        Assert.Equal("host's own", Text(cut, "host-user"));
        Assert.Equal("host's own", Text(cut, "host-time"));
        Assert.Empty(cut.FindAll("[data-testid=host-net]"));
        Assert.Equal(8, cut.FindAll("[data-testid=ns-ids] tbody tr").Count);
    }

    [Fact]
    public void Pid_table_marks_pid_1_with_both_pids_and_orders_the_tree()
    {
        var cut = RenderAs(Roles.Admin);

        var marks = cut.FindAll("[data-testid=pid1-mark]");
        var pid1Row = Assert.Single(marks).Closest("tr")!;
        Assert.Equal("1", pid1Row.QuerySelector("[data-testid=pid-1]")!.TextContent.Trim());
        Assert.Equal("4242", pid1Row.QuerySelector("[data-testid=hostpid-1]")!.TextContent.Trim());
        Assert.Contains("ns-pid1", pid1Row.ClassList);
        Assert.Equal("4300", Text(cut, "hostpid-7"));
        Assert.Equal("NSpid: 4300 7", cut.Find("[data-testid=hostpid-7]").GetAttribute("title"));
        // sh → sleep → [kworker], then cat: the child comes right under its parent, indented.
        var pids = cut.FindAll("[data-testid=ns-pid] tbody tr td:first-child span[data-testid^=pid-]").Select(s => s.TextContent.Trim());
        Assert.Equal(["1", "7", "12", "8"], pids);
        var rows = cut.FindAll("[data-testid=ns-pid] tbody tr");
        Assert.Contains("nobody", rows[1].TextContent);
        Assert.Contains("S (sleeping)", rows[1].TextContent);
        Assert.Contains("0.4 %", rows[1].TextContent);
        Assert.Contains("1.5 MiB", rows[1].TextContent);
        Assert.Contains("└ sleep 300", rows[1].TextContent);
        Assert.DoesNotContain("└", rows[0].TextContent);
    }

    [Fact]
    public void Uts_network_and_user_sections_show_the_report()
    {
        var cut = RenderAs(Roles.Admin);

        Assert.Equal("web-host", Text(cut, "uts-hostname"));
        Assert.Equal("(none)", Text(cut, "uts-domain"));
        var iface = Assert.Single(cut.FindAll("[data-testid=net-interfaces] tbody tr"));
        Assert.Equal("lo", iface.QuerySelector("[data-testid=iface-lo]")!.TextContent);
        Assert.Contains("127.0.0.1/8", iface.TextContent);
        Assert.Contains("::1/128", iface.TextContent);
        Assert.Contains("No routes", Text(cut, "net-no-routes"));
        var socket = Assert.Single(cut.FindAll("[data-testid=net-sockets] tbody tr"));
        Assert.Contains("8080", socket.TextContent);
        Assert.Contains("PID 7 (host 4300) sleep 300", socket.TextContent);

        Assert.Equal("filter", Text(cut, "user-seccomp"));
        Assert.Equal("yes", Text(cut, "user-nnp"));
        Assert.Equal(["CAP_CHOWN", "CAP_KILL", "CAP_NET_BIND_SERVICE"], cut.FindAll("[data-testid=user-caps] .mud-chip").Select(c => c.TextContent.Trim()));
        Assert.NotEmpty(cut.FindAll("[data-testid=user-uidmap-identity]"));
    }

    [Fact]
    public void Mounts_break_the_root_into_layers_with_digests_over_the_writable_layer()
    {
        var cut = RenderAs(Roles.Admin);

        Assert.Equal([NamespaceSamples.TopLayer, NamespaceSamples.BaseLayer], cut.FindAll("[data-testid=layer-digest]").Select(d => d.TextContent));
        var rows = cut.FindAll("[data-testid=mnt-layers] tbody tr");
        Assert.Equal("mnt-writable", rows[0].GetAttribute("data-testid")); // the writable layer sits on top
        Assert.Contains("/var/lib/dashboard/containers/aaa/upper", rows[0].TextContent);
        Assert.Contains("(top)", rows[1].TextContent);
        Assert.Contains("(base)", rows[2].TextContent);
        Assert.Contains("/proc/kcore", Text(cut, "mnt-masked"));
        Assert.Contains("/proc/bus", Text(cut, "mnt-readonly"));
        var procSys = cut.FindAll("[data-testid=mnt-table] tbody tr").Single(r => r.TextContent.Contains("/proc/sys"));
        Assert.Contains("ro", procSys.QuerySelector(".mud-chip")!.TextContent);
    }

    [Fact]
    public void Ipc_says_none_when_empty_and_lists_objects_when_there_are()
    {
        var cut = RenderAs(Roles.Admin);
        Assert.Equal("none", Text(cut, "ipc-shm-none"));
        Assert.Equal("none", Text(cut, "ipc-sem-none"));
        Assert.Equal("none", Text(cut, "ipc-msg-none"));

        _inspector.OnInspect = _ => NamespaceSamples.Report() with
        {
            Ipc = new IpcView([new SharedMemorySegment(0x2a, 3, "600", 4096, 1, 0)], [], [new MessageQueue(0, 5, "644", 0, 0, 1000)]),
        };
        cut.Find("[data-testid=ns-refresh]").Click();

        cut.WaitForAssertion(() => Assert.Contains("0x0000002a", Text(cut, "ipc-shm")), Wait);
        Assert.Contains("4 KiB", Text(cut, "ipc-shm")); // the one UI formatter: no trailing ".0"
        Assert.Contains("1000", Text(cut, "ipc-msg"));
        Assert.Equal("none", Text(cut, "ipc-sem-none"));
    }

    [Fact]
    public void Cgroup_section_shows_paths_and_limit_values()
    {
        var cut = RenderAs(Roles.Admin);
        Assert.Contains("cgroups hybrid", Text(cut, "ns-cgroup"));
        Assert.Contains("/sys/fs/cgroup/memory/dashboard/aaa", Text(cut, "cgroup-paths"));
        var limit = cut.FindAll("[data-testid=cgroup-limits] tbody tr").Single(r => r.TextContent.Contains("memory.limit_in_bytes"));
        Assert.Contains("67108864", limit.TextContent);
        Assert.Contains("64 MiB", limit.TextContent); // as the Containers list prints it
    }

    [Theory]
    [InlineData("memory.limit_in_bytes", "9223372036854771712", "no limit")]
    [InlineData("memory.max", "max", "no limit")]
    [InlineData("cpu.cfs_quota_us", "-1", "no limit")]
    [InlineData("memory.memsw.limit_in_bytes", "209715200", "200 MiB")]
    [InlineData("memory.swap.max", "1048576", "1 MiB")]
    [InlineData("cpu.cfs_period_us", "100000", "")]
    [InlineData("cpuset.cpus", "0-1", "")]
    [InlineData("pids.max", "64", "")]
    public void Limit_values_are_explained_where_the_raw_number_hides_it(string file, string value, string meaning) =>
        Assert.Equal(meaning, Dashboard.Web.Components.Namespaces.NamespaceText.LimitMeaning(file, value));

    [Fact]
    public void Warnings_of_the_report_are_shown_with_the_rest()
    {
        _inspector.OnInspect = _ => NamespaceSamples.Report(warnings: ["network: setns failed: operation not permitted"]);
        var cut = RenderAs(Roles.Admin);
        Assert.Contains("setns failed: operation not permitted", Text(cut, "ns-warnings"));
        Assert.Equal("web-host", Text(cut, "uts-hostname"));
    }

    [Fact]
    public void A_container_that_is_not_running_has_no_namespaces_to_inspect()
    {
        _inspector.OnInspect = _ => throw new InvalidContainerStateException(_container.Id, "exited", "inspect namespaces of");
        var cut = RenderAs(Roles.Admin);

        Assert.Contains("web is exited", Text(cut, "ns-not-running"));
        Assert.Contains("no namespaces to inspect", Text(cut, "ns-not-running"));
        Assert.Empty(cut.FindAll("[data-testid=ns-ids]"));
        Assert.Empty(cut.FindAll("[data-testid=ns-error]"));
    }

    [Fact]
    public void A_failed_read_keeps_the_last_report_and_says_what_failed()
    {
        var cut = RenderAs(Roles.Admin);
        _inspector.OnInspect = _ => throw new IOException("/proc/4242/ns/net: No such file or directory");
        cut.Find("[data-testid=ns-refresh]").Click();

        cut.WaitForAssertion(() => Assert.Contains("No such file or directory", Text(cut, "ns-error")), Wait);
        Assert.Equal("web-host", Text(cut, "uts-hostname"));
    }

    [Fact]
    public async Task Auto_refresh_reads_again_while_open_and_stops_when_closed()
    {
        var interval = TimeSpan.FromSeconds(5);
        var cut = RenderAs(Roles.Admin, interval);
        Assert.Equal("web-host", Text(cut, "uts-hostname"));

        _inspector.OnInspect = _ => NamespaceSamples.Report(hostname: "renamed");
        _time.Advance(interval);
        cut.WaitForAssertion(() => Assert.Equal("renamed", Text(cut, "uts-hostname")), Wait);

        await DisposeComponentsAsync();
        var after = _inspector.InspectCalls;
        _time.Advance(interval * 10); // a timer still armed would fire now, on this thread
        Assert.Equal(after, _inspector.InspectCalls);
    }

    [Fact]
    public void Auto_refresh_can_be_switched_off()
    {
        var interval = TimeSpan.FromSeconds(5);
        var cut = RenderAs(Roles.Admin, interval);
        _time.Advance(interval);
        cut.WaitForState(() => cut.Instance.RefreshTicks == 1, Wait); // on: a tick reads again
        Assert.Equal(2, _inspector.InspectCalls);

        cut.Find("input[data-testid=ns-auto]").Change(false);
        _time.Advance(interval);
        cut.WaitForState(() => cut.Instance.RefreshTicks == 2, Wait); // off: the tick is handled, and reads nothing
        Assert.Equal(2, _inspector.InspectCalls);
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Viewer)]
    public void Others_than_admins_are_refused_and_nothing_is_read(string role)
    {
        var cut = RenderAs(role);
        Assert.Contains("for admins only", Text(cut, "ns-refused"));
        Assert.Empty(cut.FindAll("[data-testid=ns-ids]"));
        Assert.Equal(0, _inspector.InspectCalls);
    }
}
