using System.Text.Json;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>docker run --log-opt max-size/max-file through the real CLI and daemon: the limit is kept with the
/// container, shown by inspect, applied by conmon and the daemon's rotation, and docker logs reads across the
/// rotated files; other drivers and options are refused by name.</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class LogOptionsAgainstDaemonTests
{
    private static async Task<string> Ok(DaemonProcess d, params string[] args)
    {
        var result = await DockerCli.RunAsync(d.DockerHost, args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)} failed: {result}");
        return result.Stdout;
    }

    private static int LogFiles(DaemonProcess d, string id) =>
        Directory.GetFiles(Path.Combine(d.DataRoot, "containers", id), "ctr.log*")
            .Count(p => !p.EndsWith(".tmp", StringComparison.Ordinal) && Path.GetFileName(p) != "ctr.log");

    [SkippableFact]
    public async Task Log_opt_limits_rotate_the_log_and_docker_logs_reads_across_the_files()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        // 30 000 lines are about 1.5 MB of log: with 100 kB files and two kept, most are gone by the end.
        var id = (await Ok(d, "run", "-d", "--name", "rotated", "--log-opt", "max-size=100k", "--log-opt", "max-file=2",
            "busybox", "sh", "-c", "i=0; while [ $i -lt 30 ]; do seq $((i*1000+1)) $((i*1000+1000)); i=$((i+1)); usleep 50000; done")).Trim();
        await Ok(d, "wait", "rotated");

        var config = JsonDocument.Parse(await Ok(d, "inspect", "-f", "{{json .HostConfig.LogConfig}}", "rotated")).RootElement;
        Assert.Equal("k8s-file", config.GetProperty("Type").GetString());
        Assert.Equal("100k", config.GetProperty("Config").GetProperty("max-size").GetString());
        Assert.Equal("2", config.GetProperty("Config").GetProperty("max-file").GetString());

        Assert.Equal("29998\n29999\n30000\n", await Ok(d, "logs", "--tail", "3", "rotated"));
        var all = (await Ok(d, "logs", "rotated")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToList();
        Assert.InRange(all.Count, 1000, 4000);
        Assert.Equal(Enumerable.Range(30_001 - all.Count, all.Count), all);
        Assert.Equal(2, LogFiles(d, id));
    }

    [SkippableFact]
    public async Task Without_log_opt_the_engine_defaults_apply_and_other_drivers_and_options_are_refused()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync(new Dictionary<string, string>
        {
            ["Engine__LogMaxSize"] = "2MiB",
            ["Engine__LogMaxFiles"] = "4",
        });
        await Ok(d, "create", "--name", "plain", "busybox", "true");
        Assert.Equal("k8s-file map[max-file:4 max-size:2097152]",
            (await Ok(d, "inspect", "-f", "{{.HostConfig.LogConfig.Type}} {{.HostConfig.LogConfig.Config}}", "plain")).Trim());
        await Ok(d, "create", "--name", "unlimited", "--log-opt", "max-size=-1", "busybox", "true");
        Assert.Equal("map[]", (await Ok(d, "inspect", "-f", "{{.HostConfig.LogConfig.Config}}", "unlimited")).Trim());

        var compress = await DockerCli.RunAsync(d.DockerHost, "create", "--log-opt", "compress=true", "busybox", "true");
        Assert.NotEqual(0, compress.ExitCode);
        Assert.Contains("unknown log opt 'compress' for json-file log driver: this daemon supports max-size and max-file", compress.Stderr);
        var syslog = await DockerCli.RunAsync(d.DockerHost, "create", "--log-driver", "syslog", "busybox", "true");
        Assert.NotEqual(0, syslog.ExitCode);
        Assert.Contains("log driver \"syslog\" is not supported by this daemon", syslog.Stderr);
        var tooSmall = await DockerCli.RunAsync(d.DockerHost, "create", "--log-opt", "max-size=1k", "busybox", "true");
        Assert.Contains("max-size 1k is too small", tooSmall.Stderr);

        // dashctl and the native API take the same options.
        Assert.Equal(0, await Dashctl(d, "create", "--name", "native", "--log-opt", "max-file=7", "busybox", "true"));
        Assert.Equal("map[max-file:7 max-size:2097152]", (await Ok(d, "inspect", "-f", "{{.HostConfig.LogConfig.Config}}", "native")).Trim());
        Assert.NotEqual(0, await Dashctl(d, "create", "--log-opt", "env=A", "busybox", "true"));
        Assert.Equal("native\nplain\nunlimited\n", string.Join("", (await Ok(d, "ps", "-a", "--format", "{{.Names}}")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Order().Select(n => n + "\n")));
    }

    private static async Task<int> Dashctl(DaemonProcess d, params string[] args)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        return await Dashboard.Cli.Dashctl.RunAsync(["--host", d.DockerHost, .. args], TextWriter.Null, TextWriter.Null, _ => null, timeout.Token);
    }
}
