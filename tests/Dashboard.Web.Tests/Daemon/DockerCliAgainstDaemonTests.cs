using System.Text.Json;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>The real docker CLI drives the real daemon, which runs real containers.</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class DockerCliAgainstDaemonTests
{
    private static async Task<DockerCli.Result> Docker(DaemonProcess d, params string[] args)
    {
        var result = await DockerCli.RunAsync(d.DockerHost, args);
        return result;
    }

    private static async Task<string> Ok(DaemonProcess d, params string[] args)
    {
        var result = await Docker(d, args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)} failed: {result}");
        return result.Stdout;
    }

    [SkippableFact]
    public async Task Version_info_and_the_builtin_image()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        var version = await Ok(d, "version", "--format", "{{.Server.APIVersion}}");
        Assert.Equal("1.44", version.Trim());
        var info = await Ok(d, "info", "--format", "{{.NCPU}} {{.OSType}}");
        Assert.Equal($"{Environment.ProcessorCount} linux", info.Trim());
        var images = await Ok(d, "images", "--format", "{{.Repository}}:{{.Tag}}");
        Assert.Contains("busybox:latest", images);
    }

    /// <summary>DockerRootDir is Engine:DataRoot (it was /var/lib/dashboard whatever the setting said).</summary>
    [SkippableFact]
    public async Task Info_reports_the_configured_data_root()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        Assert.NotEqual("/var/lib/dashboard", d.DataRoot);
        Assert.Equal(d.DataRoot, (await Ok(d, "info", "--format", "{{.DockerRootDir}}")).Trim());
    }

    [SkippableFact]
    public async Task Top_lists_the_containers_processes_with_host_pids()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        await Ok(d, "run", "-d", "--name", "toptest", "busybox", "sh", "-c", "sleep 301 & exec sleep 300");
        var pid = int.Parse((await Ok(d, "inspect", "-f", "{{.State.Pid}}", "toptest")).Trim(), System.Globalization.CultureInfo.InvariantCulture);

        // The child may still be a forked sh for a moment before it execs sleep.
        string[][] rows = [];
        for (var i = 0; i < 50 && !rows.Any(r => r[^1] == "sleep 301"); i++)
        {
            if (i > 0) await Task.Delay(100);
            var lines = (await Ok(d, "top", "toptest")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Matches(@"^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD$", lines[0].Trim());
            rows = lines.Skip(1).Select(l => System.Text.RegularExpressions.Regex.Split(l.Trim(), @"\s{2,}")).ToArray();
        }
        var init = Assert.Single(rows, r => r[1] == pid.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(("root", "sleep 300"), (init[0], init[^1]));
        var child = Assert.Single(rows, r => r[^1] == "sleep 301");
        Assert.Equal(pid.ToString(System.Globalization.CultureInfo.InvariantCulture), child[2]);
        Assert.Equal(2, rows.Length);

        var unsupported = await Docker(d, "top", "toptest", "aux");
        Assert.NotEqual(0, unsupported.ExitCode);
        Assert.Contains("ps_args 'aux' is not supported", unsupported.Stderr);

        await Ok(d, "kill", "toptest");
        await Ok(d, "wait", "toptest");
        var stopped = await Docker(d, "top", "toptest");
        Assert.NotEqual(0, stopped.ExitCode);
        Assert.Contains("cannot list the processes of container", stopped.Stderr);
        await Ok(d, "rm", "toptest");
    }

    [SkippableFact]
    public async Task Run_rm_prints_output_returns_the_exit_code_and_removes_the_container()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        Assert.Equal("hi\n", await Ok(d, "run", "--rm", "busybox", "echo", "hi"));
        var failing = await Docker(d, "run", "--rm", "busybox", "sh", "-c", "echo to-stderr >&2; exit 3");
        Assert.Equal(3, failing.ExitCode);
        Assert.Contains("to-stderr", failing.Stderr);
        Assert.Equal("", (await Ok(d, "ps", "-aq")).Trim());
    }

    [SkippableFact]
    public async Task Detached_lifecycle_through_the_cli()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        var id = (await Ok(d, "run", "-d", "--name", "web", "--cpus=0.25", "--memory=200m", "--pids-limit=50",
            "busybox", "sh", "-c", "echo started; trap 'exit 0' TERM; while true; do sleep 0.1; done")).Trim();
        Assert.Equal(64, id.Length);
        Assert.Contains("web", await Ok(d, "ps"));

        var inspect = JsonDocument.Parse(await Ok(d, "inspect", "web")).RootElement[0];
        Assert.True(inspect.GetProperty("State").GetProperty("Running").GetBoolean());
        Assert.Equal("/web", inspect.GetProperty("Name").GetString());
        Assert.Equal(250000000, inspect.GetProperty("HostConfig").GetProperty("NanoCpus").GetInt64());
        Assert.Equal(209715200, inspect.GetProperty("HostConfig").GetProperty("Memory").GetInt64());
        var pid = inspect.GetProperty("State").GetProperty("Pid").GetInt32();
        Assert.True(Directory.Exists($"/proc/{pid}"));
        Assert.Equal("25000", File.ReadAllText($"/sys/fs/cgroup/cpu/{d.CgroupParent}/{id}/cpu.cfs_quota_us").Trim());
        Assert.Equal("209715200", File.ReadAllText($"/sys/fs/cgroup/memory/{d.CgroupParent}/{id}/memory.limit_in_bytes").Trim());

        await Eventually.AssertAsync(async () => Assert.Equal("started\n", await Ok(d, "logs", "web")));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z started\n$", await Ok(d, "logs", "-t", "web"));
        await Ok(d, "pause", "web");
        Assert.Contains("Paused", await Ok(d, "ps", "--format", "{{.Status}}"));
        await Ok(d, "unpause", "web");
        await Ok(d, "stop", "web");
        Assert.Contains("Exited (0)", await Ok(d, "ps", "-a", "--format", "{{.Status}}"));
        Assert.Equal("0", (await Ok(d, "wait", "web")).Trim());
        await Ok(d, "start", "web");
        await Ok(d, "restart", "-t", "1", "web");
        await Ok(d, "kill", "web");
        Assert.Equal("137", (await Ok(d, "wait", "web")).Trim());

        var running = await Docker(d, "run", "-d", "--name", "busy", "busybox", "sleep", "100");
        Assert.Equal(0, running.ExitCode);
        var refused = await Docker(d, "rm", "busy");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("stop the container before removing or force remove", refused.Stderr);
        await Ok(d, "rm", "-f", "busy", "web");
        Assert.Equal("", (await Ok(d, "ps", "-aq")).Trim());
    }

    [SkippableFact]
    public async Task Run_with_shared_and_host_namespaces()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        var id = (await Ok(d, "run", "-d", "--name", "web", "--hostname", "web-host", "busybox", "sh", "-c",
            "echo from-web > /dev/shm/note; while true; do nc -l -p 7000 -e echo pong; done")).Trim();
        var pid = JsonDocument.Parse(await Ok(d, "inspect", "web")).RootElement[0].GetProperty("State").GetProperty("Pid").GetInt32();

        // --network container:web: a's netns (its listener answers on loopback) and a's hostname.
        Assert.Equal(Ns(pid, "net") + "\n", await Ok(d, "run", "--rm", "--network", "container:web", "busybox", "readlink", "/proc/self/ns/net"));
        var pong = "";
        for (var attempt = 0; attempt < 20 && !pong.Contains("pong"); attempt++)
        {
            if (attempt > 0) await Task.Delay(200);
            pong = (await Docker(d, "run", "--rm", "--network", "container:web", "busybox", "nc", "-w", "2", "127.0.0.1", "7000")).Stdout;
        }
        Assert.Contains("pong", pong);
        Assert.Equal("web-host\n", await Ok(d, "run", "--rm", "--net=container:web", "busybox", "hostname"));
        // --ipc container:web: a's IPC namespace and its /dev/shm.
        Assert.Equal(Ns(pid, "ipc") + "\nfrom-web\n", await Ok(d, "run", "--rm", "--ipc", "container:web", "busybox", "sh", "-c", "readlink /proc/self/ns/ipc; cat /dev/shm/note"));
        // --pid host: the host's pid namespace, where pid 1 is the host's init.
        Assert.Equal(File.ReadAllText("/proc/1/comm"), await Ok(d, "run", "--rm", "--pid", "host", "busybox", "cat", "/proc/1/comm"));
        // --uts host: the host's name.
        Assert.Equal(System.Net.Dns.GetHostName() + "\n", await Ok(d, "run", "--rm", "--uts", "host", "busybox", "hostname"));

        await Ok(d, "create", "--name", "side", "--network", "container:web", "--pid", "container:web", "--ipc", "container:web", "busybox", "true");
        var hostConfig = JsonDocument.Parse(await Ok(d, "inspect", "side")).RootElement[0].GetProperty("HostConfig");
        Assert.Equal("container:" + id, hostConfig.GetProperty("NetworkMode").GetString());
        Assert.Equal("container:" + id, hostConfig.GetProperty("PidMode").GetString());
        Assert.Equal("container:" + id, hostConfig.GetProperty("IpcMode").GetString());
        // Once started, inspect reports the hostname it runs with: web's, as moby does.
        await Ok(d, "run", "-d", "--name", "side2", "--network", "container:web", "busybox", "sleep", "60");
        Assert.Equal("web-host\n", await Ok(d, "inspect", "-f", "{{.Config.Hostname}}", "side2"));
        await Ok(d, "rm", "-f", "side2");

        var conflict = await Docker(d, "run", "--rm", "--hostname", "mine", "--network", "container:web", "busybox", "true");
        Assert.Equal(125, conflict.ExitCode);
        Assert.Contains("conflicting options: hostname and the network mode", conflict.Stderr);
        var unknown = await Docker(d, "run", "--rm", "--network", "container:nosuch", "busybox", "true");
        Assert.Equal(125, unknown.ExitCode);
        Assert.Contains("no such container: nosuch", unknown.Stderr);

        await Ok(d, "stop", "-t", "1", "web");
        var refused = await Docker(d, "start", "side");
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("cannot join the network namespace of web: it is not running; start web first", refused.Stderr);
        Assert.Contains("Created", await Ok(d, "ps", "-a", "--filter", "name=side", "--format", "{{.Status}}"));
        await Ok(d, "rm", "-f", "web", "side");
    }

    private static string Ns(int pid, string type) => new FileInfo($"/proc/{pid}/ns/{type}").LinkTarget!;

    [SkippableFact]
    public async Task Logs_tail_and_follow()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        await Ok(d, "create", "--name", "counter", "busybox", "sh", "-c", "for i in 1 2 3 4; do echo n$i; sleep 0.2; done");
        await Ok(d, "start", "counter");
        Assert.Equal("n1\nn2\nn3\nn4\n", await Ok(d, "logs", "-f", "counter"));
        Assert.Equal("n4\n", await Ok(d, "logs", "--tail", "1", "counter"));
    }

    [SkippableFact]
    public async Task Errors_read_like_dockers()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        var missing = await Docker(d, "stop", "nosuch");
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("No such container: nosuch", missing.Stderr);

        await Ok(d, "create", "--name", "dup", "busybox", "true");
        var dup = await Docker(d, "run", "-d", "--name", "dup", "busybox", "true");
        Assert.Equal(125, dup.ExitCode);
        Assert.Contains("is already in use", dup.Stderr);

        var memory = await Docker(d, "run", "--rm", "--memory=4m", "busybox", "true");
        Assert.Equal(125, memory.ExitCode);
        Assert.Contains("Minimum memory limit allowed is 6MB", memory.Stderr);

        var inUse = await Docker(d, "rmi", "busybox");
        Assert.NotEqual(0, inUse.ExitCode);
        Assert.Contains("is using its referenced image", inUse.Stderr);
        Assert.Contains("busybox:latest", await Ok(d, "images", "--format", "{{.Repository}}:{{.Tag}}"));
    }

    [SkippableFact]
    public async Task Import_load_and_rmi()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        var work = Directory.CreateTempSubdirectory("dash-img-").FullName;
        try
        {
            var rootfs = TestImages.BusyboxRootfs(Path.Combine(work, "rootfs"));
            var tar = Path.Combine(work, "rootfs.tar");
            TestImages.Tar(rootfs, tar);
            await Ok(d, "import", tar, "imported:v1");
            Assert.Equal("from-import\n", await Ok(d, "run", "--rm", "imported:v1", "/bin/busybox", "echo", "from-import"));

            var saved = Path.Combine(work, "saved.tar");
            TestImages.DockerSaveArchive(tar, "loaded:v2", saved);
            var load = await DockerCli.RunWithStdinAsync(d.DockerHost, saved, "load");
            Assert.True(load.ExitCode == 0, load.ToString());
            Assert.Contains("Loaded image: loaded:v2", load.Stdout);
            Assert.Equal("from-load\n", await Ok(d, "run", "--rm", "loaded:v2", "/bin/busybox", "echo", "from-load"));

            await Ok(d, "rmi", "imported:v1");
            await Ok(d, "rmi", "loaded:v2");
            var left = await Ok(d, "images", "--format", "{{.Repository}}");
            Assert.DoesNotContain("imported", left);
            Assert.DoesNotContain("loaded", left);
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }

    /// <summary>Sizes come from the container's overlay upper dir: what it wrote, hard links once, a symlink to "/" as
    /// a link (not the host's tree); prune removes the stopped one and reports those bytes.</summary>
    [SkippableFact]
    public async Task Sizes_measure_what_the_container_wrote_and_prune_reclaims_it()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        await Ok(d, "run", "--name", "writer", "busybox", "sh", "-c",
            "head -c 300000 /dev/zero > /big && ln /big /twin && ln -s / /hostroot");
        var keep = (await Ok(d, "run", "-d", "busybox", "sleep", "300")).Trim();

        var sizes = (await Ok(d, "inspect", "--size", "-f", "{{.SizeRw}} {{.SizeRootFs}}", "writer")).Trim().Split(' ');
        var written = long.Parse(sizes[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(written, 300_000, 310_000); // /big once, plus the link and a few bytes of metadata files at most
        Assert.True(long.Parse(sizes[1], System.Globalization.CultureInfo.InvariantCulture) > written + 500_000, string.Join(' ', sizes)); // plus busybox
        Assert.Matches(@"^30\dkB \(virtual ", (await Ok(d, "ps", "-as", "--filter", "name=writer", "--format", "{{.Size}}")).Trim());

        var pruned = await Ok(d, "container", "prune", "-f");
        Assert.Contains("Total reclaimed space: 30", pruned);
        Assert.Equal(keep[..12], (await Ok(d, "ps", "-aq")).Trim());
        await Ok(d, "rm", "-f", keep);
    }

    /// <summary>docker diff of a real overlay: what the container did, not the engine's mount points.</summary>
    [SkippableFact]
    public async Task Diff_lists_what_the_container_added_changed_and_deleted()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        await Ok(d, "run", "--name", "fresh", "busybox", "true");
        Assert.Equal("", (await Ok(d, "diff", "fresh")).Trim());

        await Ok(d, "run", "--name", "changer", "busybox", "sh", "-c", "echo x > /etc/newfile && rm /bin/ls && mkdir /data && chmod 700 /tmp");
        Assert.Equal(["C /bin", "D /bin/ls", "A /data", "C /etc", "A /etc/newfile", "C /tmp"],
            (await Ok(d, "diff", "changer")).Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var missing = await Docker(d, "diff", "nosuch");
        Assert.Contains("No such container: nosuch", missing.Stderr);
    }

    /// <summary>docker export of a stopped and of a running container: the image's files and the container's own,
    /// named relative to the root, without the bind's content; the export imports back as an image that runs.</summary>
    [SkippableFact]
    public async Task Export_tars_the_root_file_system_without_mounts_and_imports_back()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        var bind = Directory.CreateTempSubdirectory("dash-export-bind-").FullName;
        var tar = Path.Combine(bind, "..", Path.GetFileName(bind) + ".tar");
        try
        {
            File.WriteAllText(Path.Combine(bind, "host-secret"), "not exported");
            await Ok(d, "run", "--name", "stopped", "-v", bind + ":/mnt/bind", "busybox", "sh", "-c", "echo hello > /etc/newfile && ln -s / /hostroot");
            await Ok(d, "run", "-d", "--name", "running", "-v", bind + ":/mnt/bind", "busybox", "sh", "-c", "echo live > /live && exec sleep 300");

            foreach (var (name, mine) in new[] { ("stopped", "etc/newfile"), ("running", "live") })
            {
                await Ok(d, "export", "-o", tar, name);
                var entries = await TarList(tar);
                Assert.Contains("bin/busybox", entries);
                Assert.Contains(mine, entries);
                Assert.Contains("mnt/bind/", entries); // the mount point, empty
                Assert.DoesNotContain(entries, e => e.Contains("host-secret"));
                Assert.DoesNotContain(entries, e => e.StartsWith('/'));
            }
            Assert.Equal("running", (await Ok(d, "inspect", "-f", "{{.State.Status}}", "running")).Trim());

            await Ok(d, "export", "-o", tar, "stopped");
            await Ok(d, "import", tar, "roundtrip:1");
            Assert.Equal("hello", (await Ok(d, "run", "--rm", "roundtrip:1", "cat", "/etc/newfile")).Trim());
            Assert.Equal("/", (await Ok(d, "run", "--rm", "roundtrip:1", "readlink", "/hostroot")).Trim());
            Assert.Contains("No such container: nosuch", (await Docker(d, "export", "-o", tar, "nosuch")).Stderr);
            await Ok(d, "rm", "-f", "running", "stopped");
            await Ok(d, "rmi", "roundtrip:1");
        }
        finally
        {
            Directory.Delete(bind, recursive: true);
            File.Delete(tar);
        }
    }

    /// <summary>docker update --restart on a running container governs its next exit: it is restarted up to the new
    /// retry count, as if it had been created with that policy.</summary>
    [SkippableFact]
    public async Task Update_restart_on_a_running_container_restarts_it_at_its_next_exit()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        await Ok(d, "run", "-d", "--name", "flaky", "--network", "none", "busybox", "sh", "-c", "sleep 1; exit 1");
        await Ok(d, "update", "--restart", "on-failure:2", "flaky");

        var deadline = DateTime.UtcNow.AddSeconds(30);
        string state;
        do
        {
            await Task.Delay(200);
            state = (await Ok(d, "inspect", "-f", "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}", "flaky")).Trim();
        }
        while (state != "2 exited 1" && DateTime.UtcNow < deadline);
        Assert.Equal("2 exited 1", state);
        await Ok(d, "rm", "flaky");
    }

    private static async Task<string[]> TarList(string tar)
    {
        using var process = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("tar", ["-tf", tar]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}

[CollectionDefinition("real daemon", DisableParallelization = true)]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class RealDaemonCollection;
