using Dashboard.Engine.Containers;
using Dashboard.Engine.IntegrationTests.Containers;
using Dashboard.Engine.Inspection;
using Dashboard.Engine.Inspection.Entering;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Oci;

namespace Dashboard.Engine.IntegrationTests.Inspection;

/// <summary>The inspector against real containers: what it reports must be what the kernel has.</summary>
[Collection("real containers")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class NamespaceInspectorTests
{
    private static CreateContainerRequest Sleeper(string? name = null, string script = "sleep 300") =>
        new() { Image = "busybox", Name = name, Cmd = ["sh", "-c", script] };

    private static Task<NamespaceReport> InspectAsync(EngineFixture f, string reference) =>
        f.Host.Namespaces.InspectAsync(reference, CancellationToken.None);

    [SkippableFact]
    public async Task The_pid_table_maps_container_pid_1_to_the_host_pid_the_engine_reports()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var c = await f.RunAsync(Sleeper("pids", "sleep 300 & sleep 301 & wait"));
        var hostPid = f.Engine.Get(c.Id).State.Pid!.Value; // what docker inspect shows as State.Pid
        // Until both children have exec'd and gone to sleep they are forks of sh.
        var report = await WaitForAsync(f, c.Id, r => r.Processes.Count == 3
            && r.Processes.Skip(1).All(p => p.Command.StartsWith("sleep", StringComparison.Ordinal) && p.State.StartsWith('S')));

        Assert.Equal(hostPid, report.HostPid);
        var init = report.Processes[0];
        Assert.True(init.IsPid1);
        Assert.Equal(hostPid, init.HostPid);
        Assert.Equal([hostPid, 1], init.NsPids);
        Assert.Equal(0, init.ContainerParentPid); // its parent (the runtime's shim) is outside the container
        Assert.Equal("root", init.User);
        Assert.StartsWith("sh -c sleep 300", init.Command);
        var sleeps = report.Processes.Skip(1).ToList();
        Assert.Equal(2, sleeps.Count);
        Assert.All(sleeps, p =>
        {
            Assert.Equal(1, p.ContainerParentPid);
            Assert.Equal(hostPid, p.HostParentPid);
            Assert.NotEqual(p.HostPid, p.ContainerPid);
            Assert.True(File.Exists($"/proc/{p.HostPid}/status"));
            Assert.StartsWith("S", p.State);
            Assert.True(p.RssBytes > 0);
        });
        Assert.Equal(["sleep 300", "sleep 301"], sleeps.Select(p => p.Command).Order());
        Assert.Equal(sleeps.Select(p => p.ContainerPid).Order(), sleeps.Select(p => p.ContainerPid));
        Assert.Empty(report.Warnings);
    }

    [SkippableFact]
    public async Task The_uts_view_shows_the_hostname_given_at_create_from_inside()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var c = await f.RunAsync(Sleeper() with { Hostname = "inspected-1" });

        var report = await InspectAsync(f, c.Id);

        Assert.Equal("inspected-1", report.Uts.Hostname);
        Assert.NotEqual(Environment.MachineName, report.Uts.Hostname);
        var uts = report.Namespaces.Single(n => n.Type == NamespaceType.Uts);
        Assert.False(uts.IsHost);
        Assert.NotEqual(File.ReadAllText("/proc/sys/kernel/hostname").Trim(), report.Uts.Hostname); // this thread never moved
    }

    [SkippableFact]
    public async Task Network_none_lists_only_loopback_with_its_addresses()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var c = await f.RunAsync(Sleeper() with { NetworkMode = "none" });

        var report = await InspectAsync(f, c.Id);

        var lo = Assert.Single(report.Network.Interfaces);
        Assert.Equal("lo", lo.Name);
        Assert.Contains("127.0.0.1/8", lo.Addresses);
        Assert.All(lo.Addresses, a => Assert.True(a is "127.0.0.1/8" or "::1/128", a));
        Assert.Contains("LOOPBACK", lo.Flags);
        Assert.Contains("UP", lo.Flags);
        Assert.Equal(65536, lo.Mtu);
        Assert.Empty(report.Network.Routes.Where(r => r.Family == "inet"));
        var net = report.Namespaces.Single(n => n.Type == NamespaceType.Net);
        Assert.False(net.IsHost);
        Assert.Empty(net.SharedWith);
    }

    [SkippableFact]
    public async Task A_listening_socket_inside_is_listed_with_the_process_holding_it()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var c = await f.RunAsync(Sleeper(script: "nc -l -p 8089 & sleep 300"));

        // The report is a snapshot: until the forked shell has exec'd nc, the process table still shows "sh -c".
        var report = await WaitForAsync(f, c.Id, r => r.Network.Sockets.Any(s => s.Port == 8089
            && r.Processes.Any(p => p.HostPid == s.HostPid && p.Command.StartsWith("nc ", StringComparison.Ordinal))));

        var socket = report.Network.Sockets.First(s => s.Port == 8089);
        Assert.StartsWith("tcp", socket.Protocol);
        var holder = Assert.Single(report.Processes, p => p.HostPid == socket.HostPid);
        Assert.StartsWith("nc ", holder.Command);
        Assert.DoesNotContain(File.ReadAllText("/proc/net/tcp").Split('\n'), l => l.Contains($":{8089:X4} ") && l.Contains($" {socket.Inode} "));
    }

    [SkippableFact]
    public async Task The_overlay_root_breaks_down_into_the_images_layer_digests_and_the_writable_layer()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var image = await LayeredImages.LoadAsync(f.Host.Images, "layered:ns");
        var c = await f.RunAsync(new CreateContainerRequest { Image = "layered:ns", Cmd = ["sleep", "300"], User = "4321" });

        var report = await InspectAsync(f, c.Id);

        var root = Assert.IsType<OverlayRootView>(report.Mounts.Root);
        Assert.Equal(image.Layers.Reverse(), root.Layers.Select(l => l.Digest)); // overlay lists the top layer first
        Assert.Equal(f.Host.Images.LayerPaths(image).Reverse(), root.Layers.Select(l => l.Directory));
        Assert.Equal(Path.Combine(f.Options.DataRoot, "containers", c.Id, "upper"), root.UpperDir);
        Assert.Equal(Path.Combine(f.Options.DataRoot, "containers", c.Id, "work"), root.WorkDir);
        var rootMount = report.Mounts.Mounts.First(m => m.MountPoint == "/");
        Assert.Equal("overlay", rootMount.FileSystem);
        Assert.DoesNotContain("lowerdir", rootMount.Options);
        // The user name comes from the image's own /etc/passwd (the top layer), not the host's.
        Assert.Equal("inspector", report.Processes[0].User);
        Assert.Equal(4321, report.Processes[0].Uid);
    }

    [SkippableFact]
    public async Task Masked_and_read_only_paths_are_the_ones_in_force()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var c = await f.RunAsync(Sleeper());

        var report = await InspectAsync(f, c.Id);

        // runc masks only what exists on this kernel (/proc/kcore, /proc/scsi ... may not).
        Assert.Equal(LinuxDefaults.MaskedPaths.Where(Path.Exists), report.Mounts.MaskedPaths);
        Assert.Contains("/proc/keys", report.Mounts.MaskedPaths);
        Assert.Contains("/proc/sys", report.Mounts.ReadonlyPaths);
        Assert.True(report.Mounts.Mounts.Last(m => m.MountPoint == "/proc/sys").ReadOnly);
        Assert.Contains(report.Mounts.Mounts, m => m.MountPoint == "/proc" && m.FileSystem == "proc");
    }

    [SkippableFact]
    public async Task Capabilities_by_name_are_dockers_default_set_with_seccomp_filtering_and_no_new_privs()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var c = await f.RunAsync(Sleeper());

        var report = await InspectAsync(f, c.Id);

        Assert.Equal(LinuxDefaults.Capabilities.Order(), report.User.EffectiveCapabilities.Order());
        Assert.Equal("00000000a80425fb", report.User.EffectiveCapabilitiesHex);
        Assert.Equal("filter", report.User.SeccompMode);
        Assert.True(report.User.NoNewPrivileges);
        // No user namespace: the identity map, and the host's user namespace.
        Assert.Equal([new IdMapRange(0, 0, 4294967295)], report.User.UidMap);
        Assert.True(report.Namespaces.Single(n => n.Type == NamespaceType.User).IsHost);
    }

    [SkippableFact]
    public async Task A_sysv_shared_memory_segment_made_inside_shows_in_the_ipc_view_only()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var c = await f.RunAsync(Sleeper());
        var pid = f.Engine.Get(c.Id).State.Pid!.Value;
        // busybox here has no ipcmk, so the segment is made from a thread that joins the container's IPC namespace.
        const int key = 0x0D45_1234;
        var id = await new NamespaceThread("/proc").RunAsync(pid, NamespaceType.Ipc, () => SysvShm.Create(key, 8192));
        try
        {
            var report = await InspectAsync(f, c.Id);

            var segment = Assert.Single(report.Ipc.SharedMemory);
            Assert.Equal(key, segment.Key);
            Assert.Equal(id, segment.Id);
            Assert.Equal(8192, segment.SizeBytes);
            Assert.EndsWith("600", segment.Permissions);
            Assert.DoesNotContain(File.ReadAllLines("/proc/sysvipc/shm"), l => l.TrimStart().StartsWith(key.ToString() + " "));
        }
        finally
        {
            await new NamespaceThread("/proc").RunAsync(pid, NamespaceType.Ipc, () => SysvShm.Remove(id));
        }
    }

    [SkippableFact]
    public async Task Cgroup_paths_and_limit_files_are_the_containers()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var c = await f.RunAsync(Sleeper() with { Memory = "64m", PidsLimit = 50, Cpus = "0.5" });

        var report = await InspectAsync(f, c.Id);

        Assert.All(report.Cgroup.Paths, p => Assert.EndsWith($"/{f.Options.CgroupParent}/{c.Id}", p.Path));
        Assert.Contains(report.Cgroup.Paths, p => p.Controllers.Split(',').Contains("memory"));
        var limits = report.Cgroup.Limits.ToDictionary(l => l.File, l => l.Value);
        if (report.Cgroup.Version == "v2")
        {
            Assert.Equal("67108864", limits["memory.max"]);
            Assert.Equal("50000 100000", limits["cpu.max"]);
        }
        else
        {
            Assert.Equal("67108864", limits["memory.limit_in_bytes"]);
            Assert.Equal("50000", limits["cpu.cfs_quota_us"]);
        }
        Assert.Equal("50", limits["pids.max"]);
    }

    [SkippableFact]
    public async Task Stopped_and_unknown_containers_are_refused()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var c = await f.Engine.CreateAsync(Sleeper(), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidContainerStateException>(() => InspectAsync(f, c.Id));
        await Assert.ThrowsAsync<ContainerNotFoundException>(() => InspectAsync(f, "no-such-container"));
    }

    [SkippableFact]
    public async Task The_map_groups_containers_by_namespace_and_marks_the_hosts()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var a = await f.RunAsync(Sleeper("map-a"));
        var b = await f.RunAsync(Sleeper("map-b"));

        var map = await f.Host.Namespaces.MapAsync(CancellationToken.None);

        var nets = map.OfType(NamespaceType.Net).Where(g => g.Members.Any(m => m.Id == a.Id || m.Id == b.Id)).ToList();
        Assert.Equal(2, nets.Count);
        Assert.All(nets, g => Assert.False(g.IsShared));
        var users = Assert.Single(map.OfType(NamespaceType.User), g => g.Members.Any(m => m.Id == a.Id));
        Assert.True(users.IsHost);
        Assert.Equal(["map-a", "map-b"], users.Members.Select(m => m.Name));
    }

    // --- sharing modes: these need branch ns-share (NetworkMode "container:NAME", PidMode "host") ---

    [SkippableFact]
    public async Task Two_containers_sharing_a_netns_report_the_same_net_inode_and_list_each_other()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var a = await f.RunAsync(Sleeper("net-owner"));
        var b = await f.RunAsync(Sleeper("net-joiner") with { NetworkMode = "container:net-owner" });

        var ra = await InspectAsync(f, a.Id);
        var rb = await InspectAsync(f, b.Id);

        var netA = ra.Namespaces.Single(n => n.Type == NamespaceType.Net);
        var netB = rb.Namespaces.Single(n => n.Type == NamespaceType.Net);
        Assert.Equal(netA.Inode, netB.Inode);
        Assert.Equal([new ContainerRef(b.Id, "net-joiner")], netA.SharedWith);
        Assert.Equal([new ContainerRef(a.Id, "net-owner")], netB.SharedWith);
        Assert.False(netA.IsHost);
        // Only the network is shared.
        Assert.NotEqual(ra.Namespaces.Single(n => n.Type == NamespaceType.Pid).Inode, rb.Namespaces.Single(n => n.Type == NamespaceType.Pid).Inode);
        Assert.Empty(rb.Namespaces.Single(n => n.Type == NamespaceType.Pid).SharedWith);
        var map = await f.Host.Namespaces.MapAsync(CancellationToken.None);
        var group = Assert.Single(map.OfType(NamespaceType.Net), g => g.Inode == netA.Inode);
        Assert.True(group.IsShared);
        Assert.Equal(["net-joiner", "net-owner"], group.Members.Select(m => m.Name));
    }

    [SkippableFact]
    public async Task A_pid_host_container_reports_the_hosts_pid_namespace()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var c = await f.RunAsync(Sleeper("pid-host") with { PidMode = "host" });
        var hostPid = f.Engine.Get(c.Id).State.Pid!.Value;

        var report = await InspectAsync(f, c.Id);

        var pid = report.Namespaces.Single(n => n.Type == NamespaceType.Pid);
        Assert.True(pid.IsHost);
        Assert.Equal($"pid:[{pid.Inode}]", new FileInfo("/proc/self/ns/pid").LinkTarget); // the tests run in the host's
        var init = report.Processes[0];
        Assert.Equal(hostPid, init.HostPid);
        Assert.Equal(hostPid, init.ContainerPid); // one pid namespace: the same number on both sides
        Assert.False(init.IsPid1);
        Assert.All(report.Processes, p => Assert.Equal(p.HostPid, p.ContainerPid));
        Assert.False(report.Namespaces.Single(n => n.Type == NamespaceType.Net).IsHost);
    }

    private static async Task<NamespaceReport> WaitForAsync(EngineFixture f, string id, Func<NamespaceReport, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var report = await InspectAsync(f, id);
            if (ready(report) || DateTime.UtcNow > deadline) return report;
            await Task.Delay(100);
        }
    }
}
