using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.IntegrationTests.Containers;

/// <summary>Containers that share namespaces (docker --network/--pid/--ipc container:NAME and the host modes), checked
/// with the kernel's own namespace ids: /proc/PID/ns/TYPE links compare equal exactly when two processes share one.</summary>
[Collection("real containers")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class SharedNamespaceTests
{
    private static CreateContainerRequest Sh(string name, string script) => new() { Image = "busybox", Name = name, Cmd = ["sh", "-c", script] };

    private static string Ns(int pid, string type) => new FileInfo($"/proc/{pid}/ns/{type}").LinkTarget!;

    private static int PidOf(EngineFixture f, string name) => f.Engine.Get(name).State.Pid!.Value;

    [SkippableFact]
    public async Task Two_containers_share_a_netns_and_a_listener_in_one_answers_the_other_on_loopback()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        await f.RunAsync(Sh("server", "while true; do nc -l -p 7000 -e echo pong; done"));
        await f.RunAsync(new CreateContainerRequest { Image = "busybox", Name = "sidecar", Cmd = ["sleep", "300"], NetworkMode = "container:server" });

        var server = PidOf(f, "server");
        var sidecar = PidOf(f, "sidecar");
        Assert.Equal(Ns(server, "net"), Ns(sidecar, "net"));
        Assert.NotEqual(Ns(server, "net"), Ns(Environment.ProcessId, "net"));
        // Only the network is shared: the sidecar keeps its own PID, IPC and UTS namespaces.
        Assert.NotEqual(Ns(server, "pid"), Ns(sidecar, "pid"));
        Assert.NotEqual(Ns(server, "uts"), Ns(sidecar, "uts"));

        // A third container on the server's network reaches the listener on 127.0.0.1.
        string output = "";
        for (var attempt = 0; attempt < 20 && !output.Contains("pong"); attempt++)
        {
            if (attempt > 0) await Task.Delay(200); // the listener may not be up yet
            (_, output) = await f.RunToEndAsync(Sh($"client{attempt}", "nc -w 2 127.0.0.1 7000 </dev/null") with { NetworkMode = "container:server" });
        }
        Assert.Contains("pong", output);
        // The same port is not open in a container with its own network namespace.
        var (_, isolated) = await f.RunToEndAsync(Sh("outsider", "nc -w 1 127.0.0.1 7000 </dev/null && echo connected || echo refused"));
        Assert.Contains("refused", isolated);
    }

    [SkippableFact]
    public async Task A_container_on_anothers_network_gets_its_hostname_and_etc_files()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        await f.RunAsync(new CreateContainerRequest { Image = "busybox", Name = "web", Hostname = "web-host", Cmd = ["sleep", "300"] });
        var (code, output) = await f.RunToEndAsync(Sh("peer", "hostname; cat /etc/hostname") with { NetworkMode = "container:web" });
        Assert.Equal(0, code);
        Assert.Equal("web-host\nweb-host\n", output);
    }

    [SkippableFact]
    public async Task Pid_host_is_the_hosts_pid_namespace_and_sees_host_pid_1()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        await f.RunAsync(Sh("hostpid", "sleep 300") with { PidMode = "host" });
        var pid = PidOf(f, "hostpid");
        Assert.Equal(Ns(Environment.ProcessId, "pid"), Ns(pid, "pid"));

        var hostInit = File.ReadAllText("/proc/1/comm");
        var (code, output) = await f.RunToEndAsync(Sh("hostpid2", $"cat /proc/1/comm; test -d /proc/{Environment.ProcessId} && echo sees-the-test; echo self=$$") with { PidMode = "host" });
        Assert.Equal(0, code);
        Assert.StartsWith(hostInit, output);
        Assert.Contains("sees-the-test", output);
        Assert.DoesNotContain("self=1\n", output);
    }

    [SkippableFact]
    public async Task Pid_container_shares_the_targets_pid_namespace_and_sees_its_processes()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        await f.RunAsync(new CreateContainerRequest { Image = "busybox", Name = "app", Cmd = ["sleep", "301"] });
        await f.RunAsync(new CreateContainerRequest { Image = "busybox", Name = "debug", Cmd = ["sleep", "302"], PidMode = "container:app" });
        Assert.Equal(Ns(PidOf(f, "app"), "pid"), Ns(PidOf(f, "debug"), "pid"));
        var (code, output) = await f.RunToEndAsync(Sh("ps", "cat /proc/1/cmdline | tr '\\0' ' '") with { PidMode = "container:app" });
        Assert.Equal(0, code);
        Assert.Equal("sleep 301 ", output);
    }

    [SkippableFact]
    public async Task Ipc_container_shares_the_ipc_namespace_and_dev_shm()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var owner = await f.RunAsync(Sh("owner", "echo from-owner > /dev/shm/greeting; sleep 300"));
        await f.RunAsync(new CreateContainerRequest { Image = "busybox", Name = "guest", Cmd = ["sleep", "300"], IpcMode = "container:owner" });
        Assert.Equal(Ns(PidOf(f, "owner"), "ipc"), Ns(PidOf(f, "guest"), "ipc"));
        Assert.NotEqual(Ns(PidOf(f, "owner"), "ipc"), Ns(Environment.ProcessId, "ipc"));

        // POSIX shared memory is files in /dev/shm: the guest reads what the owner wrote, and the other way round.
        var (code, output) = await f.RunToEndAsync(Sh("reader", "cat /dev/shm/greeting; echo from-reader > /dev/shm/reply") with { IpcMode = "container:owner" });
        Assert.Equal(0, code);
        Assert.Equal("from-owner\n", output);
        var shm = Path.Combine(f.Options.DataRoot, "containers", owner.Id, "shm");
        Assert.Equal("from-reader\n", File.ReadAllText(Path.Combine(shm, "reply")));

        // The owner's /dev/shm is a tmpfs on the host while it runs, and gone once it is removed.
        Assert.Contains(File.ReadLines("/proc/self/mountinfo"), l => l.Split(' ')[4] == shm);
        await f.Engine.RemoveAsync("owner", force: true, CancellationToken.None);
        Assert.DoesNotContain(File.ReadLines("/proc/self/mountinfo"), l => l.Split(' ')[4] == shm);
        Assert.False(Directory.Exists(Path.Combine(f.Options.DataRoot, "containers", owner.Id)));
    }

    [SkippableFact]
    public async Task Ipc_host_shares_the_hosts_ipc_namespace_and_dev_shm()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var marker = $"dash-it-{Guid.NewGuid():N}";
        await File.WriteAllTextAsync($"/dev/shm/{marker}", "from-host\n");
        try
        {
            await f.RunAsync(Sh("hostipc", "sleep 300") with { IpcMode = "host" });
            Assert.Equal(Ns(Environment.ProcessId, "ipc"), Ns(PidOf(f, "hostipc"), "ipc"));
            var (_, output) = await f.RunToEndAsync(Sh("hostipc2", $"cat /dev/shm/{marker}") with { IpcMode = "host" });
            Assert.Equal("from-host\n", output);
        }
        finally
        {
            File.Delete($"/dev/shm/{marker}");
        }
    }

    [SkippableFact]
    public async Task Uts_host_has_the_hosts_uts_namespace_and_hostname()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        await f.RunAsync(Sh("hostuts", "sleep 300") with { UtsMode = "host" });
        Assert.Equal(Ns(Environment.ProcessId, "uts"), Ns(PidOf(f, "hostuts"), "uts"));
        var (code, output) = await f.RunToEndAsync(Sh("hostuts2", "hostname") with { UtsMode = "host" });
        Assert.Equal(0, code);
        Assert.Equal(System.Net.Dns.GetHostName() + "\n", output);
    }

    [SkippableFact]
    public async Task A_target_that_is_not_running_refuses_the_start_and_the_container_stays_created()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        await f.Engine.CreateAsync(new CreateContainerRequest { Image = "busybox", Name = "idle", Cmd = ["sleep", "300"] }, CancellationToken.None);
        var joiner = await f.Engine.CreateAsync(new CreateContainerRequest { Image = "busybox", Name = "joiner", Cmd = ["sleep", "300"], NetworkMode = "container:idle" }, CancellationToken.None);

        var error = await Assert.ThrowsAsync<NamespaceJoinException>(() => f.Engine.StartAsync("joiner", CancellationToken.None));
        Assert.Equal("cannot join the network namespace of idle: it is not running; start idle first", error.Message);
        var state = f.Engine.Get("joiner").State;
        Assert.Equal(ContainerStatus.Created, state.Status);
        Assert.Null(state.Pid);
        // Nothing half-started: no rootfs mount, no runtime state, no cgroup.
        Assert.DoesNotContain(File.ReadLines("/proc/self/mountinfo"), l => l.Contains(joiner.Id));
        Assert.False(Directory.Exists(f.CgroupDir("memory", joiner.Id)));

        await f.Engine.StartAsync("idle", CancellationToken.None);
        await f.Engine.StartAsync("joiner", CancellationToken.None);
        Assert.Equal(Ns(PidOf(f, "idle"), "net"), Ns(PidOf(f, "joiner"), "net"));
    }

    [SkippableFact]
    public async Task Sharing_containers_are_re_adopted_after_an_engine_restart()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var web = await f.RunAsync(new CreateContainerRequest { Image = "busybox", Name = "web", Cmd = ["sleep", "300"] });
        await f.RunAsync(new CreateContainerRequest { Image = "busybox", Name = "side", Cmd = ["sleep", "300"], NetworkMode = "container:web", IpcMode = "container:web" });
        var sidePid = PidOf(f, "side");

        await f.RestartEngineAsync();

        var side = f.Engine.Get("side");
        Assert.Equal(ContainerStatus.Running, side.State.Status);
        Assert.Equal(sidePid, side.State.Pid);
        Assert.Equal(NamespaceMode.Container(web.Id), side.Config.NetworkMode);
        Assert.Equal(Ns(PidOf(f, "web"), "net"), Ns(sidePid, "net"));
        // The re-adopted pair is still manageable: the guest restarts into the target's namespaces.
        await f.Engine.RestartAsync("side", 1, CancellationToken.None);
        Assert.Equal(Ns(PidOf(f, "web"), "ipc"), Ns(PidOf(f, "side"), "ipc"));
    }
}
