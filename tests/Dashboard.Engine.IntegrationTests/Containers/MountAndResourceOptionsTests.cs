using System.Diagnostics;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.IntegrationTests.Containers;

/// <summary>
/// Issue 9 point 4, mounts, devices, limits and process options: each checked inside a real runc container (what
/// /proc/mounts, ulimit, id, /proc/1 say) or in the container's own cgroup files.
/// </summary>
[Collection("real containers")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class MountAndResourceOptionsTests
{
    private static CreateContainerRequest Sh(string script) => new() { Image = "busybox", Cmd = ["sh", "-c", script] };

    private static async Task<string> OutputAsync(EngineFixture f, CreateContainerRequest request)
    {
        var (code, output) = await f.RunToEndAsync(request);
        Assert.True(code == 0, $"exit {code}: {output}");
        return output.Trim();
    }

    private static string MountLine(string output, string destination) =>
        output.Split('\n').Single(l => l.Split(' ') is [_, var d, ..] && d == destination);

    [SkippableFact]
    public async Task Ulimit_nofile_is_what_was_asked_and_above_the_hosts_hard_limit_is_refused()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        Assert.Equal("64\n128", await OutputAsync(f, Sh("ulimit -n; ulimit -Hn") with { Ulimits = ["nofile=64:128"] }));
        Assert.Equal("16\n16", await OutputAsync(f, Sh("ulimit -n; ulimit -Hn") with { Ulimits = ["nofile=16"] }));
        // runc loads the seccomp filter after setting the limits and needs a few pipes for it: 10 works only without one,
        // and with one it is refused at create rather than failing at start.
        Assert.Equal("10\n10", await OutputAsync(f, Sh("ulimit -n; ulimit -Hn") with { Ulimits = ["nofile=10:10"], SecurityOpt = ["seccomp=unconfined"] }));
        var tooFew = await Assert.ThrowsAsync<ValidationException>(() => f.Engine.CreateAsync(Sh("true") with { Ulimits = ["nofile=10:10"] }, CancellationToken.None));
        Assert.Contains("needs at least 16 open files to load the container's seccomp filter", tooFew.Message);

        var hard = HostRlimits.Read().NofileHard!.Value;
        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            f.Engine.CreateAsync(Sh("true") with { Ulimits = [$"nofile={hard + 1}"] }, CancellationToken.None));
        Assert.Contains($"above this host's hard limit of {hard}", ex.Message);
    }

    [SkippableFact]
    public async Task Tmpfs_and_mount_tmpfs_have_the_asked_size_and_mode()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var output = await OutputAsync(f, Sh("grep -E ' /(run|t) ' /proc/mounts; stat -c '%n %a' /run /t") with
        {
            Tmpfs = ["/run:size=1m,mode=1770"],
            Mounts = ["type=tmpfs,dst=/t,tmpfs-size=2m,tmpfs-mode=700"],
        });
        var run = MountLine(output, "/run");
        Assert.StartsWith("tmpfs /run tmpfs rw,", run);
        Assert.Contains("size=1024k", run);
        Assert.Contains("mode=1770", run);
        Assert.Contains("noexec", run); // Docker's default for --tmpfs
        Assert.Contains("size=2048k", MountLine(output, "/t"));
        Assert.Contains("/run 1770", output);
        Assert.Contains("/t 700", output);
    }

    [SkippableFact]
    public async Task Mount_bind_is_read_only_when_asked_and_a_missing_source_is_refused()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var source = Directory.CreateDirectory(Path.Combine(f.Root, "bind-src")).FullName;
        await File.WriteAllTextAsync(Path.Combine(source, "hello"), "from the host");
        var output = await OutputAsync(f, Sh("cat /h/hello; echo; touch /h/new 2>&1; echo rc=$?") with
        {
            Mounts = [$"type=bind,source={source},target=/h,readonly"],
        });
        Assert.StartsWith("from the host", output);
        Assert.Contains("Read-only file system", output);
        Assert.False(File.Exists(Path.Combine(source, "new")));

        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            f.Engine.CreateAsync(Sh("true") with { Mounts = [$"type=bind,source={source}/missing,target=/h"] }, CancellationToken.None));
        Assert.Contains("bind source path does not exist", ex.Message);
    }

    [SkippableFact]
    public async Task Mount_bind_propagation_rslave_shows_a_later_host_mount_inside()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var source = Directory.CreateDirectory(Path.Combine(f.Root, "shared-src")).FullName;
        var sub = Directory.CreateDirectory(Path.Combine(source, "sub")).FullName;
        // The source must be a shared mount for slave propagation to mean anything (moby checks the same).
        Run("mount", "--bind", source, source);
        try
        {
            Run("mount", "--make-shared", source);
            var created = await f.Engine.CreateAsync(Sh("sleep 30") with { Mounts = [$"type=bind,source={source},target=/h,bind-propagation=rslave"] }, CancellationToken.None);
            await f.Engine.StartAsync(created.Id, CancellationToken.None);
            Run("mount", "-t", "tmpfs", "-o", "size=1m", "later", sub);
            try
            {
                var pid = f.Engine.Get(created.Id).State.Pid!.Value;
                var mounts = await File.ReadAllTextAsync($"/proc/{pid}/mounts");
                Assert.Contains("later /h/sub tmpfs", mounts);
            }
            finally
            {
                Run("umount", "-l", sub);
            }

            // Without a shared source the start is refused with moby's reason, and nothing runs.
            var plainSource = Directory.CreateDirectory(Path.Combine(f.Root, "private-src")).FullName;
            Run("mount", "--bind", plainSource, plainSource);
            try
            {
                Run("mount", "--make-private", plainSource);
                var refused = await f.Engine.CreateAsync(Sh("true") with { Mounts = [$"type=bind,source={plainSource},target=/h,bind-propagation=rshared"] }, CancellationToken.None);
                var ex = await Assert.ThrowsAsync<ValidationException>(() => f.Engine.StartAsync(refused.Id, CancellationToken.None));
                Assert.Contains("is not a shared mount", ex.Message);
            }
            finally
            {
                Run("umount", "-l", plainSource);
            }
        }
        finally
        {
            foreach (var c in f.Engine.List()) await f.Engine.RemoveAsync(c.Id, force: true, CancellationToken.None);
            Run("umount", "-l", source);
        }
    }

    [SkippableFact]
    public async Task Device_is_present_under_its_new_name_and_its_cgroup_permissions_hold()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var output = await OutputAsync(f, Sh("ls -l /dev/myzero; head -c 4 /dev/myzero | od -An -tx1; echo x > /dev/myzero && echo written") with
        {
            Devices = ["/dev/zero:/dev/myzero"],
        });
        Assert.StartsWith("c", output);
        Assert.Contains("1,   5", output); // major 1, minor 5: the host's /dev/zero
        Assert.Contains("00 00 00 00", output);
        Assert.EndsWith("written", output);

        // Permissions: /dev/loop-control is outside the default allow-list (unlike /dev/zero) and harmless to open;
        // writing to it is always EINVAL once opened, so the open's errno tells the cgroup's answer apart.
        var readOnly = await OutputAsync(f, Sh("(echo x > /dev/lc) 2>&1; echo rc=$?") with { Devices = ["/dev/loop-control:/dev/lc:r"] });
        Assert.Contains("Operation not permitted", readOnly);
        var writable = await OutputAsync(f, Sh("(echo x > /dev/lc) 2>&1; echo rc=$?") with { Devices = ["/dev/loop-control:/dev/lc:rw"] });
        Assert.Contains("Invalid argument", writable);
        Assert.DoesNotContain("Operation not permitted", writable);

        var ex = await Assert.ThrowsAsync<ValidationException>(() =>
            f.Engine.CreateAsync(Sh("true") with { Devices = ["/dev/does-not-exist"] }, CancellationToken.None));
        Assert.Contains("error gathering device information while adding custom device \"/dev/does-not-exist\"", ex.Message);
    }

    [SkippableFact]
    public async Task Sysctls_are_set_in_the_containers_own_namespaces()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var output = await OutputAsync(f, Sh("cat /proc/sys/net/ipv4/ip_forward /proc/sys/kernel/shmmni /proc/sys/fs/mqueue/msg_max") with
        {
            Sysctls = new Dictionary<string, string> { ["net.ipv4.ip_forward"] = "1", ["kernel.shmmni"] = "1234", ["fs.mqueue.msg_max"] = "17" },
        });
        Assert.Equal("1\n1234\n17", output);
        Assert.NotEqual("1234", (await File.ReadAllTextAsync("/proc/sys/kernel/shmmni")).Trim()); // the host's is untouched
    }

    [SkippableFact]
    public async Task Group_add_by_name_and_number_shows_in_id()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        // The built-in busybox image's /etc/group has nogroup (65534).
        Assert.Equal("0 1234 65534", await OutputAsync(f, Sh("id -G") with { GroupAdd = ["nogroup", "1234"] })); // the kernel sorts them

        var created = await f.Engine.CreateAsync(Sh("id") with { GroupAdd = ["no-such-group"] }, CancellationToken.None);
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.Engine.StartAsync(created.Id, CancellationToken.None));
        Assert.Contains("Unable to find group no-such-group", ex.Message);
        Assert.Equal(Dashboard.Engine.Containers.ContainerStatus.Created, f.Engine.Get(created.Id).State.Status);
    }

    [SkippableFact]
    public async Task Init_is_pid_1_and_the_command_its_child()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        TestSupport.Prerequisites.Require(f.Host.Features.InitPath is null
            ? "tini-static is missing: docker-less-setup/install.sh installs the tini package" : null, "an --init");
        var output = await OutputAsync(f, Sh("tr '\\0' ' ' < /proc/1/cmdline; echo; echo self=$$") with { Init = true });
        Assert.StartsWith("/sbin/docker-init -- sh -c", output);
        Assert.DoesNotContain("self=1", output);
        Assert.Equal("self=1", (await OutputAsync(f, Sh("echo self=$$"))).Trim());
    }

    [SkippableFact]
    public async Task Shm_size_sizes_the_containers_dev_shm()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        Assert.Contains("size=131072k", MountLine(await OutputAsync(f, Sh("grep ' /dev/shm ' /proc/mounts") with { ShmSize = "128m" }), "/dev/shm"));
        Assert.Contains("size=65536k", MountLine(await OutputAsync(f, Sh("grep ' /dev/shm ' /proc/mounts")), "/dev/shm"));
    }

    [SkippableFact]
    public async Task Oom_score_adj_is_the_processes()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        Assert.Equal("500", await OutputAsync(f, Sh("cat /proc/self/oom_score_adj") with { OomScoreAdj = 500 }));
        if (f.Host.Features.OomScoreAdjMin is null)
        {
            Assert.Equal("-300", await OutputAsync(f, Sh("cat /proc/self/oom_score_adj") with { OomScoreAdj = -300 }));
            return;
        }
        // Without CAP_SYS_RESOURCE (this sandbox) the kernel would refuse to lower it at start: refused at create.
        var ex = await Assert.ThrowsAsync<ValidationException>(() => f.Engine.CreateAsync(Sh("true") with { OomScoreAdj = -300 }, CancellationToken.None));
        Assert.Contains("needs CAP_SYS_RESOURCE", ex.Message);
    }

    [SkippableFact]
    public async Task Cpuset_mems_blkio_weight_and_the_default_pids_limit_land_in_the_cgroup()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var c = await f.RunAsync(Sh("sleep 60") with { CpusetMems = "0" });
        string Read(string controller, string id, string file) => File.ReadAllText(Path.Combine(f.CgroupDir(controller, id), file)).Trim();
        Assert.Equal("0", Read("cpuset", c.Id, "cpuset.mems"));
        // A one-node host (this one) has no other value to give, so the cgroup alone cannot tell the option from the
        // default: the spec runc was given must carry it too.
        using (var spec = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(f.Options.DataRoot, "containers", c.Id, "config.json"))))
            Assert.Equal("0", spec.RootElement.GetProperty("linux").GetProperty("resources").GetProperty("cpu").GetProperty("mems").GetString());
        Assert.Equal("4096", Read("pids", c.Id, "pids.max")); // Engine:DefaultPidsLimit
        Assert.Equal(4096, f.Engine.Get(c.Id).Config.Resources.PidsLimit);

        var unlimited = await f.RunAsync(Sh("sleep 60") with { PidsLimit = -1 });
        Assert.Equal("max", Read("pids", unlimited.Id, "pids.max"));

        var weightFile = HostFeatures.BlkioWeightFile(f.Host.Selection.Cgroups);
        if (weightFile is null)
        {
            // This kernel has no blkio weight (v1 without CFQ/BFQ): refused, never silently dropped as Docker does.
            var ex = await Assert.ThrowsAsync<ValidationException>(() => f.Engine.CreateAsync(Sh("true") with { BlkioWeight = 300 }, CancellationToken.None));
            Assert.Contains("--blkio-weight is not supported on this host", ex.Message);
        }
        else
        {
            var weighted = await f.RunAsync(Sh("sleep 60") with { BlkioWeight = 300 });
            var controller = f.Host.Selection.Cgroups.MountOf("blkio") is not null ? "blkio" : "unified";
            Assert.Contains("300", Read(controller, weighted.Id, Path.GetFileName(weightFile)));
        }
    }

    private static void Run(string file, params string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"{file} {string.Join(' ', args)}: {error}");
    }
}
