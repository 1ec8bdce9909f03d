using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Inspection;
using Dashboard.Engine.Tests.Cgroups;

namespace Dashboard.Engine.Tests.Inspection;

/// <summary>The whole inspector over a fixture proc tree and the v1/v2 cgroup fixtures: no root, no containers.</summary>
public sealed class NamespaceInspectorFixtureTests : IDisposable
{
    private const string C1 = "c1";
    private readonly ProcFixture _proc = new();
    private readonly InPlaceEntry _entry = new();
    private readonly string _bundles = Directory.CreateTempSubdirectory("dash-bundles-").FullName;
    private static readonly NetInterface Lo = new(1, "lo", "UNKNOWN", 65536, null, ["127.0.0.1/8"]);

    public void Dispose()
    {
        _proc.Dispose();
        Directory.Delete(_bundles, recursive: true);
    }

    private static FixedContainers Containers() => new(
        FixedContainers.Record(C1, "web", ContainerStatus.Running, 1000),
        FixedContainers.Record("c2", "sidecar", ContainerStatus.Running, 2000),
        FixedContainers.Record("c3", "stopped", ContainerStatus.Exited, null));

    private NamespaceInspector Inspector(FixedContainers? containers = null, InPlaceEntry? entry = null, string cgroupRoot = "v1") =>
        new(containers ?? Containers(), new LayeredImages(),
            CgroupLayout.FromDirectory(cgroupRoot == "v1" ? CgroupFixtures.V1Root : CgroupFixtures.V2Root), "dashboard",
            id => Path.Combine(_bundles, id), _proc.Root, entry ?? _entry, () => [Lo], ticksPerSecond: 100);

    private Task<NamespaceReport> InspectAsync(string reference = C1) => Inspector().InspectAsync(reference, CancellationToken.None);

    [Fact]
    public async Task Every_namespace_type_is_reported_with_its_inode_host_flag_and_sharers()
    {
        var report = await InspectAsync();

        Assert.Equal(new ContainerRef(C1, "web"), report.Container);
        Assert.Equal(1000, report.HostPid);
        Assert.Equal(NamespaceType.All, report.Namespaces.Select(n => n.Type));
        var pid = report.Namespaces.Single(n => n.Type == NamespaceType.Pid);
        Assert.Equal(ProcFixture.Inode(ProcFixture.C1Base, "pid"), pid.Inode);
        Assert.False(pid.IsHost);
        Assert.Empty(pid.SharedWith);
        var net = report.Namespaces.Single(n => n.Type == NamespaceType.Net);
        Assert.Equal([new ContainerRef("c2", "sidecar")], net.SharedWith);
        var user = report.Namespaces.Single(n => n.Type == NamespaceType.User);
        Assert.True(user.IsHost);
        Assert.Equal([new ContainerRef("c2", "sidecar")], user.SharedWith);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public async Task The_pid_table_lists_the_cgroups_processes_init_first_and_skips_one_that_exited()
    {
        var report = await InspectAsync();

        // 1002 is in cgroup.procs but has no /proc entry: it exited between the two reads.
        Assert.Equal([1000, 1003, 1001], report.Processes.Select(p => p.HostPid));
        var init = report.Processes[0];
        Assert.True(init.IsPid1);
        Assert.Equal([1000, 1], init.NsPids);
        Assert.Equal(990, init.HostParentPid);
        Assert.Equal(0, init.ContainerParentPid);
        Assert.Equal("root", init.User);
        Assert.Equal("sh -c nc -l -p 8080 & sleep 300", init.Command);
        Assert.Equal("S (sleeping)", init.State);
        Assert.Equal(TimeSpan.FromSeconds(2), init.CpuTime);
        Assert.Equal(0.9, init.CpuPercent); // 2 s of CPU over 219.72 s since it started
        Assert.Equal(1700 * 1024, init.RssBytes);

        var nc = report.Processes[2];
        Assert.Equal((7, 1, 1000, "app"), (nc.ContainerPid, nc.ContainerParentPid, nc.Uid, nc.User));
        Assert.Equal("nc -l -p 8080", nc.Command);
        var zombie = report.Processes[1];
        Assert.Equal("[od) d]", zombie.Command);
        Assert.Equal("Z (zombie)", zombie.State);
        Assert.Equal(0, zombie.RssBytes);
    }

    [Fact]
    public async Task Uts_and_ipc_are_read_inside_the_containers_namespaces()
    {
        var report = await InspectAsync();

        Assert.Contains((1000, NamespaceType.Uts), _entry.Entered);
        Assert.Contains((1000, NamespaceType.Ipc), _entry.Entered);
        Assert.Contains((1000, NamespaceType.Net), _entry.Entered);
        Assert.Equal(new UtsView("fixture", "(none)"), report.Uts);
        Assert.Equal([new SharedMemorySegment(222638644, 5, "1600", 8192, 2, 0), new SharedMemorySegment(0, 6, "0666", 1048576, 0, 1000)],
            report.Ipc.SharedMemory);
        Assert.Equal([new SemaphoreSet(42, 1, "0600", 3, 0)], report.Ipc.Semaphores);
        Assert.Equal([new MessageQueue(1234, 2, "0644", 100, 2, 1000)], report.Ipc.MessageQueues);
    }

    [Fact]
    public async Task Network_has_the_interfaces_from_inside_routes_and_listeners_with_their_processes()
    {
        var report = await InspectAsync();

        Assert.Equal([Lo], report.Network.Interfaces);
        Assert.Equal([new NetRoute("inet", "default", "172.17.0.1", "eth0", 0), new NetRoute("inet", "172.17.0.0/16", null, "eth0", 0)],
            report.Network.Routes);
        Assert.Equal(
        [
            new ListeningSocket("tcp6", "::", 8080, ProcFixture.TcpListenerInode, 1001),
            new ListeningSocket("udp", "0.0.0.0", 5353, 3000010, null),
            new ListeningSocket("unix", "/run/app.sock", 0, 3000001, 1001),
            new ListeningSocket("unix", "@abstract-name", 0, 3000003, null),
        ], report.Network.Sockets);
    }

    [Fact]
    public async Task The_overlay_root_maps_each_lowerdir_to_its_layer_digest_top_first()
    {
        var report = await InspectAsync();

        var root = Assert.IsType<OverlayRootView>(report.Mounts.Root);
        Assert.Equal(
        [
            new OverlayLayer("/var/lib/dashboard/image/layers/bbbb/diff", "sha256:" + new string('b', 64)),
            new OverlayLayer("/var/lib/dashboard/image/layers/aaaa/diff", "sha256:" + new string('a', 64)),
        ], root.Layers);
        Assert.Equal("/var/lib/dashboard/containers/c1/upper", root.UpperDir);
        Assert.Equal("/var/lib/dashboard/containers/c1/work", root.WorkDir);
        var rootMount = report.Mounts.Mounts[0];
        Assert.Equal(new MountEntry("/", "overlay", "overlay", "rw,relatime,uuid=on", false), rootMount);
        Assert.Equal(29, report.Mounts.Mounts.Count);
        Assert.True(report.Mounts.Mounts.Single(m => m.MountPoint == "/sys").ReadOnly);
        Assert.Equal("rw,nosuid,size=65536k,mode=755", report.Mounts.Mounts.Single(m => m.MountPoint == "/dev").Options);
    }

    [Fact]
    public async Task Hardened_paths_are_the_bundles_list_filtered_to_what_mountinfo_has_in_force()
    {
        // Without a bundle config.json the defaults are the candidates; /proc/kcore and /proc/scsi have no mount.
        var defaults = await InspectAsync();
        Assert.Equal(["/proc/acpi", "/proc/interrupts", "/proc/keys", "/proc/timer_list", "/sys/firmware"], defaults.Mounts.MaskedPaths);
        Assert.Equal(["/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys"], defaults.Mounts.ReadonlyPaths);

        Directory.CreateDirectory(Path.Combine(_bundles, C1));
        await File.WriteAllTextAsync(Path.Combine(_bundles, C1, "config.json"),
            """{"linux":{"maskedPaths":["/proc/keys","/proc/kcore"],"readonlyPaths":["/proc/sys","/proc/interrupts"]}}""");
        var fromBundle = await InspectAsync();
        Assert.Equal(["/proc/keys"], fromBundle.Mounts.MaskedPaths);
        Assert.Equal(["/proc/sys"], fromBundle.Mounts.ReadonlyPaths); // /proc/interrupts is mounted, but not read-only
    }

    [Fact]
    public async Task User_view_has_the_id_maps_and_init_privileges()
    {
        var report = await InspectAsync();

        Assert.Equal([new IdMapRange(0, 0, 4294967295)], report.User.UidMap);
        Assert.Equal([new IdMapRange(0, 0, 4294967295)], report.User.GidMap);
        Assert.Equal("00000000a80425fb", report.User.EffectiveCapabilitiesHex);
        Assert.Equal(14, report.User.EffectiveCapabilities.Count);
        Assert.Equal("filter", report.User.SeccompMode);
        Assert.True(report.User.NoNewPrivileges);
    }

    [Fact]
    public async Task V1_cgroup_lists_each_existing_hierarchy_and_its_limit_files()
    {
        var report = await InspectAsync();

        Assert.Equal("v1", report.Cgroup.Version);
        var root = CgroupFixtures.V1Root;
        Assert.Equal(
        [
            new CgroupPath("cpu,cpuacct", $"{root}/cpu,cpuacct/dashboard/c1"),
            new CgroupPath("cpuset", $"{root}/cpuset/dashboard/c1"),
            new CgroupPath("freezer", $"{root}/freezer/dashboard/c1"),
            new CgroupPath("memory", $"{root}/memory/dashboard/c1"),
            new CgroupPath("pids", $"{root}/pids/dashboard/c1"),
        ], report.Cgroup.Paths);
        var limits = report.Cgroup.Limits.ToDictionary(l => l.File, l => l.Value);
        Assert.Equal("25000", limits["cpu.cfs_quota_us"]);
        Assert.Equal("100000", limits["cpu.cfs_period_us"]);
        Assert.Equal("512", limits["cpu.shares"]);
        Assert.Equal("0-1", limits["cpuset.cpus"]);
        Assert.Equal("209715200", limits["memory.limit_in_bytes"]);
        Assert.Equal("419430400", limits["memory.memsw.limit_in_bytes"]);
        Assert.Equal("100", limits["pids.max"]);
        Assert.False(limits.ContainsKey("blkio.weight")); // absent files are left out, not shown empty
    }

    [Fact]
    public async Task V2_cgroup_is_one_directory_with_its_controllers_and_v2_limit_files()
    {
        var report = await Inspector(cgroupRoot: "v2").InspectAsync(C1, CancellationToken.None);

        Assert.Equal("v2", report.Cgroup.Version);
        Assert.Equal([new CgroupPath("cpuset,cpu,io,memory,pids", $"{CgroupFixtures.V2Root}/dashboard/c1")], report.Cgroup.Paths);
        Assert.Equal(["cpu.max", "cpu.weight", "cpuset.cpus", "memory.max", "memory.swap.max", "pids.max"],
            report.Cgroup.Limits.Select(l => l.File));
        Assert.Equal(3, report.Processes.Count); // cgroup.procs of the unified directory
    }

    [Fact]
    public async Task Unknown_stopped_and_vanished_containers_are_errors_not_reports()
    {
        await Assert.ThrowsAsync<ContainerNotFoundException>(() => InspectAsync("nope"));
        var stopped = await Assert.ThrowsAsync<InvalidContainerStateException>(() => InspectAsync("stopped"));
        Assert.Equal("exited", stopped.Current);

        _proc.Exit(1000); // the engine still thinks it runs, but the process is gone
        var gone = await Assert.ThrowsAsync<InvalidContainerStateException>(() => InspectAsync());
        Assert.Contains("gone", gone.Message);
    }

    [Fact]
    public async Task A_section_that_fails_becomes_a_warning_and_the_rest_is_still_reported()
    {
        var report = await Inspector(entry: new InPlaceEntry { FailType = NamespaceType.Uts }).InspectAsync(C1, CancellationToken.None);

        Assert.Equal(new UtsView("", ""), report.Uts);
        var warning = Assert.Single(report.Warnings);
        Assert.StartsWith("uts: entering the uts namespace of pid 1000 failed", warning);
        Assert.Single(report.Ipc.Semaphores);
        Assert.Equal(3, report.Processes.Count);
    }

    [Fact]
    public async Task A_child_that_exits_before_the_read_is_just_not_listed()
    {
        _proc.Exit(1001);

        var report = await InspectAsync();

        Assert.Equal([1000, 1003], report.Processes.Select(p => p.HostPid));
        Assert.Null(report.Network.Sockets.Single(s => s.Port == 8080).HostPid);
        Assert.Empty(report.Warnings);
    }

    [Fact]
    public async Task The_host_is_the_daemons_own_namespaces_when_pid_1_cannot_be_read()
    {
        Directory.Delete(Path.Combine(_proc.Root, "1", "ns"), recursive: true);
        var self = Path.Combine(_proc.Root, "self", "ns");
        Directory.CreateDirectory(self);
        File.CreateSymbolicLink(Path.Combine(self, "user"), $"user:[{ProcFixture.Inode(ProcFixture.HostBase, "user")}]");

        var report = await InspectAsync();

        Assert.True(report.Namespaces.Single(n => n.Type == NamespaceType.User).IsHost);
        Assert.False(report.Namespaces.Single(n => n.Type == NamespaceType.Pid).IsHost);
    }

    [Fact]
    public async Task The_map_groups_running_containers_per_namespace_and_marks_the_hosts()
    {
        var map = await Inspector().MapAsync(CancellationToken.None);

        var net = Assert.Single(map.OfType(NamespaceType.Net));
        Assert.True(net.IsShared);
        Assert.False(net.IsHost);
        Assert.Equal(["sidecar", "web"], net.Members.Select(m => m.Name));
        var user = Assert.Single(map.OfType(NamespaceType.User));
        Assert.True(user.IsHost);
        var pids = map.OfType(NamespaceType.Pid).ToList();
        Assert.Equal(2, pids.Count);
        Assert.All(pids, g => Assert.False(g.IsShared));
        Assert.DoesNotContain(map.Groups, g => g.Members.Any(m => m.Name == "stopped"));
        Assert.Equal(NamespaceType.All.Count * 2 - 2, map.Groups.Count); // net and user are one group each
    }
}
