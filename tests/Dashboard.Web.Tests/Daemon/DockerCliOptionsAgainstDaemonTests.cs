using System.Text.Json;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>
/// Issue 9 point 4 end to end: the real docker CLI sends its create flags to the real daemon, which runs real
/// containers; the effect is read inside them, inspect reports what was asked, and an unsupported flag is refused.
/// </summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class DockerCliOptionsAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>
{
    private static async Task<string> Run(DaemonProcess d, params string[] args)
    {
        var result = await DockerCli.RunAsync(d.DockerHost, ["run", "--rm", .. args]);
        Assert.True(result.ExitCode == 0, $"docker run {string.Join(' ', args)} failed: {result}");
        return result.Stdout.Trim();
    }

    private static string Field(string output, string name) =>
        output.Split('\n').Single(l => l.StartsWith(name + ":", StringComparison.Ordinal))[(name.Length + 1)..].Trim();

    [SkippableFact]
    public async Task Security_flags_take_effect_inside_the_container()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        var none = await Run(d, "--cap-drop", "ALL", "busybox", "grep", "CapEff", "/proc/self/status");
        Assert.Equal("0000000000000000", Field(none, "CapEff"));

        var readOnly = await Run(d, "--read-only", "--tmpfs", "/scratch:size=1m", "busybox", "sh", "-c",
            "touch /x 2>&1; touch /scratch/y && echo scratch-ok; grep ' /scratch ' /proc/mounts");
        Assert.Contains("Read-only file system", readOnly);
        Assert.Contains("scratch-ok", readOnly);
        Assert.Contains("size=1024k", readOnly);

        var profile = Path.Combine(d.DataRoot, "..", "no-mkdir.json");
        await File.WriteAllTextAsync(profile, """{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO"}]}""");
        var seccomp = await Run(d, "--security-opt", "seccomp=" + profile, "busybox", "sh", "-c", "mkdir /m 2>&1; echo done");
        Assert.Contains("Operation not permitted", seccomp);
    }

    [SkippableFact]
    public async Task Resource_and_process_flags_take_effect_and_inspect_reports_them()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        Assert.Equal("64", await Run(d, "--ulimit", "nofile=64:64", "busybox", "sh", "-c", "ulimit -n"));
        Assert.Equal("1", await Run(d, "--sysctl", "net.ipv4.ip_forward=1", "busybox", "cat", "/proc/sys/net/ipv4/ip_forward"));
        Assert.Equal("0 1234", await Run(d, "--group-add", "1234", "busybox", "id", "-G"));
        Assert.Equal("250", await Run(d, "--oom-score-adj", "250", "busybox", "cat", "/proc/self/oom_score_adj"));
        Assert.Contains("size=131072k", await Run(d, "--shm-size", "128m", "busybox", "grep", " /dev/shm ", "/proc/mounts"));

        var created = await DockerCli.RunAsync(d.DockerHost, "create", "--name", "opts-inspect", "--cap-drop", "ALL",
            "--read-only", "--ulimit", "nofile=64:64", "--device", "/dev/zero:/dev/myzero", "--sysctl", "net.ipv4.ip_forward=1",
            "busybox", "true");
        Assert.True(created.ExitCode == 0, created.ToString());
        try
        {
            var inspect = await DockerCli.RunAsync(d.DockerHost, "inspect", "opts-inspect");
            using var doc = JsonDocument.Parse(inspect.Stdout);
            var host = doc.RootElement[0].GetProperty("HostConfig");
            Assert.Equal("ALL", host.GetProperty("CapDrop")[0].GetString());
            Assert.True(host.GetProperty("ReadonlyRootfs").GetBoolean());
            Assert.Equal(64, host.GetProperty("Ulimits")[0].GetProperty("Hard").GetInt64());
            Assert.Equal("/dev/myzero", host.GetProperty("Devices")[0].GetProperty("PathInContainer").GetString());
            Assert.Equal("1", host.GetProperty("Sysctls").GetProperty("net.ipv4.ip_forward").GetString());
            Assert.Equal(4096, host.GetProperty("PidsLimit").GetInt64()); // the daemon's default pids limit
        }
        finally
        {
            await DockerCli.RunAsync(d.DockerHost, "rm", "-f", "opts-inspect");
        }
    }

    [SkippableFact]
    public async Task An_unsupported_flag_is_refused_and_nothing_is_created()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        var hosts = await DockerCli.RunAsync(d.DockerHost, "run", "--rm", "--add-host", "db:10.0.0.2", "busybox", "true");
        Assert.Equal(125, hosts.ExitCode);
        Assert.Contains("HostConfig.ExtraHosts (--add-host) is not supported", hosts.Stderr);

        var tooFew = await DockerCli.RunAsync(d.DockerHost, "run", "--rm", "--ulimit", "nofile=10:10", "busybox", "true");
        Assert.Equal(125, tooFew.ExitCode);
        Assert.Contains("needs at least 16 open files", tooFew.Stderr);

        var ps = await DockerCli.RunAsync(d.DockerHost, "ps", "-aq");
        Assert.Equal("", ps.Stdout.Trim());
    }
}
