using System.Text.Json;
using Dashboard.Engine.Spec;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>
/// The docker CLI 28's create flags of issue 9 point 4, against the API over the fake engine (which validates with the
/// engine's own validator): each implemented flag reaches the engine and comes back in inspect; each flag the engine
/// does not implement is refused with a message naming the field and the flag, and nothing is created.
/// </summary>
public sealed class DockerCliCreateOptionsTests : IAsyncLifetime
{
    private readonly DockerApiServer _server = new(new HostLimits(2, 4L << 30)
    {
        InitPath = "/usr/bin/tini-static",
        BlkioWeightSupported = true,
        DefaultPidsLimit = 4096,
        HardRlimits = new Dictionary<string, ulong?> { ["nofile"] = 20_000 },
    });
    private DockerCli _docker = null!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _docker = new DockerCli(_server.DockerHost);
    }

    public async Task DisposeAsync()
    {
        _docker.Dispose();
        await _server.DisposeAsync();
    }

    private async Task<string> OkAsync(params string[] args)
    {
        var result = await _docker.RunAsync(args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)}\n{result}");
        return result.Stdout;
    }

    [DockerCliFact]
    public async Task Every_implemented_flag_reaches_the_engine_and_inspect_reports_it()
    {
        var profile = Path.Combine(_docker.ConfigDirectory, "profile.json");
        await File.WriteAllTextAsync(profile, """
            {
              "defaultAction": "SCMP_ACT_ALLOW",
              "syscalls": [ { "names": ["mkdir"], "action": "SCMP_ACT_ERRNO" } ]
            }
            """);
        await OkAsync("create", "--name", "opts", "--cap-drop", "ALL", "--cap-add", "net_admin", "--read-only",
            "--security-opt", "no-new-privileges", "--security-opt", "seccomp=" + profile, "--ulimit", "nofile=64:128",
            "--tmpfs", "/run:size=64m", "--mount", "type=tmpfs,dst=/t,tmpfs-size=1m,tmpfs-mode=1770",
            "--mount", "type=bind,src=/tmp,dst=/h,readonly,bind-propagation=rslave", "--device", "/dev/zero:/dev/myzero",
            "--sysctl", "net.ipv4.ip_forward=1", "--shm-size", "128m", "--group-add", "10", "--init", "--oom-score-adj", "100",
            "--cpuset-mems", "0", "--blkio-weight", "300", "busybox", "sleep", "60");

        var request = Assert.Single(_server.Engine.CreateRequests);
        Assert.Equal(["CAP_NET_ADMIN"], request.CapAdd); // the CLI normalises the names itself
        Assert.Equal(["ALL"], request.CapDrop);
        // The CLI sends the profile's content, compacted.
        Assert.Equal(["no-new-privileges", "seccomp={\"defaultAction\":\"SCMP_ACT_ALLOW\",\"syscalls\":[{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_ERRNO\"}]}"], request.SecurityOpt);
        Assert.Null(request.PidsLimit); // not given: the engine's default

        using var doc = JsonDocument.Parse(await OkAsync("inspect", "opts"));
        var host = doc.RootElement[0].GetProperty("HostConfig");
        Assert.Equal("CAP_NET_ADMIN", host.GetProperty("CapAdd")[0].GetString());
        Assert.Equal("ALL", host.GetProperty("CapDrop")[0].GetString());
        Assert.True(host.GetProperty("ReadonlyRootfs").GetBoolean());
        Assert.Equal(2, host.GetProperty("SecurityOpt").GetArrayLength());
        Assert.Equal(64, host.GetProperty("Ulimits")[0].GetProperty("Soft").GetInt64());
        Assert.Equal(128, host.GetProperty("Ulimits")[0].GetProperty("Hard").GetInt64());
        Assert.Equal("size=64m", host.GetProperty("Tmpfs").GetProperty("/run").GetString());
        Assert.Equal(2, host.GetProperty("Mounts").GetArrayLength());
        Assert.Equal("/dev/myzero", host.GetProperty("Devices")[0].GetProperty("PathInContainer").GetString());
        Assert.Equal("1", host.GetProperty("Sysctls").GetProperty("net.ipv4.ip_forward").GetString());
        Assert.Equal(134217728, host.GetProperty("ShmSize").GetInt64());
        Assert.Equal("10", host.GetProperty("GroupAdd")[0].GetString());
        Assert.True(host.GetProperty("Init").GetBoolean());
        Assert.Equal(100, host.GetProperty("OomScoreAdj").GetInt32());
        Assert.Equal("0", host.GetProperty("CpusetMems").GetString());
        Assert.Equal(300, host.GetProperty("BlkioWeight").GetInt32());
        Assert.Equal(4096, host.GetProperty("PidsLimit").GetInt64());

        // The CLI's own template for the default pids limit, and -1 for none.
        await OkAsync("create", "--name", "unlimited", "--pids-limit", "-1", "busybox");
        Assert.Equal("<nil>", (await OkAsync("inspect", "-f", "{{.HostConfig.PidsLimit}}", "unlimited")).Trim());
    }

    [DockerCliFact]
    public async Task Privileged_over_the_unix_socket_is_trusted()
    {
        await OkAsync("create", "--name", "priv", "--privileged", "busybox");
        Assert.Equal("true", (await OkAsync("inspect", "-f", "{{.HostConfig.Privileged}}", "priv")).Trim());
    }

    [DockerCliFact]
    public async Task Docker_update_refuses_what_it_cannot_change_instead_of_dropping_it()
    {
        await OkAsync("create", "--name", "tune", "busybox", "sleep", "60");
        foreach (var (flags, message) in new[]
        {
            (new[] { "--blkio-weight", "300" }, "BlkioWeight (--blkio-weight) cannot be changed by docker update here"),
            (new[] { "--cpuset-mems", "0" }, "CpusetMems (--cpuset-mems) cannot be changed by docker update here"),
            (new[] { "--memory-reservation", "10m" }, "MemoryReservation (--memory-reservation) cannot be changed"),
        })
        {
            var result = await _docker.RunAsync(["update", .. flags, "tune"]);
            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains(message, result.Stderr);
        }
        Assert.Equal("tune\n", await OkAsync("update", "--cpus", "0.5", "tune"));
    }

    [DockerCliFact]
    public async Task Docker_update_restart_changes_the_policy_and_keeps_it_when_not_given()
    {
        await OkAsync("create", "--name", "svc", "busybox", "sleep", "60");
        await OkAsync("update", "--restart", "on-failure:3", "svc");
        Assert.Equal("on-failure 3", (await OkAsync("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}} {{.HostConfig.RestartPolicy.MaximumRetryCount}}", "svc")).Trim());
        // An update of limits alone sends an empty policy: the policy stays.
        await OkAsync("update", "--cpus", "0.5", "svc");
        Assert.Equal("on-failure", (await OkAsync("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}", "svc")).Trim());
        await OkAsync("update", "--restart", "always", "svc");
        Assert.Equal("always", (await OkAsync("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}", "svc")).Trim());

        var bad = await _docker.RunAsync("update", "--restart", "sometimes", "svc");
        Assert.NotEqual(0, bad.ExitCode);
        await OkAsync("create", "--name", "once", "--rm", "busybox", "true");
        var withRm = await _docker.RunAsync("update", "--restart", "always", "once");
        Assert.NotEqual(0, withRm.ExitCode);
        Assert.Contains("--restart and --rm", withRm.Stderr);
        Assert.Equal("no", (await OkAsync("inspect", "-f", "{{.HostConfig.RestartPolicy.Name}}", "once")).Trim());
    }

    public static TheoryData<string, string> RefusedFlags => new()
    {
        { "--dns 1.1.1.1", "HostConfig.Dns (--dns) is not supported" },
        { "--add-host db:10.0.0.2", "HostConfig.ExtraHosts (--add-host) is not supported" },
        // --log-driver json-file and --log-opt max-size/max-file are implemented (LogOptionsAgainstDaemonTests).
        { "--log-driver syslog", "log driver \"syslog\" is not supported by this daemon" },
        { "--log-opt compress=true", "unknown log opt 'compress' for json-file log driver" },
        { "--volumes-from web", "HostConfig.VolumesFrom (--volumes-from) is not supported" },
        { "--cgroup-parent mine", "HostConfig.CgroupParent (--cgroup-parent) is not supported" },
        { "--cgroupns host", "HostConfig.CgroupnsMode (--cgroupns) is not supported" },
        { "--memory-reservation 10m", "HostConfig.MemoryReservation (--memory-reservation) is not supported" },
        { "--memory-swappiness 10", "HostConfig.MemorySwappiness (--memory-swappiness) is not supported" },
        { "--oom-kill-disable", "HostConfig.OomKillDisable (--oom-kill-disable) is not supported" },
        { "--device-read-bps /dev/sda:1mb", "HostConfig.BlkioDeviceReadBps (--device-read-bps) is not supported" },
        { "--blkio-weight-device /dev/sda:100", "HostConfig.BlkioWeightDevice (--blkio-weight-device) is not supported" },
        { "--device-cgroup-rule c\u00a01:3\u00a0rwm", "HostConfig.DeviceCgroupRules (--device-cgroup-rule) is not supported" },
        { "--gpus all", "HostConfig.DeviceRequests (--gpus) is not supported" },
        { "--runtime runc", "HostConfig.Runtime (--runtime) is not supported" },
        { "--domainname example.org", "Domainname (--domainname) is not supported" },
        { "--health-cmd true", "Healthcheck (--health-cmd and the other --health-* flags) is not supported" },
        { "--storage-opt size=1G", "HostConfig.StorageOpt (--storage-opt) is not supported" },
        { "--annotation a=b", "HostConfig.Annotations (--annotation) is not supported" },
        { "--cpu-rt-runtime 1000", "HostConfig.CpuRealtimeRuntime (--cpu-rt-runtime) is not supported" },
        { "--security-opt apparmor=docker-default", "AppArmor is not enabled on this host" },
        { "--security-opt systempaths=unconfined", "HostConfig.MaskedPaths (--security-opt systempaths=unconfined) is not supported" },
        { "--mount type=volume,src=data,dst=/data,volume-subpath=x", "volume-subpath is not supported yet" },
    };

    [DockerCliTheory]
    [MemberData(nameof(RefusedFlags))]
    public async Task A_flag_the_engine_does_not_implement_is_refused_with_its_field_and_flag(string flags, string message)
    {
        // "\u00a0" keeps a flag's own spaces (the device rule) together when the line is split into arguments.
        var args = flags.Split(' ').Select(a => a.Replace('\u00a0', ' ')).ToArray();
        var result = await _docker.RunAsync(["create", .. args, "busybox", "true"]);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains("Error response from daemon", result.Stderr);
        Assert.Contains(message, result.Stderr);
        Assert.Empty(_server.Engine.List());
    }
}
