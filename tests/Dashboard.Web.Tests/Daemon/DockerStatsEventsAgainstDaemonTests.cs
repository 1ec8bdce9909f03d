using System.Globalization;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>docker stats / events / update through the real CLI against the real daemon and real cgroups.
/// The stats test needs IStatsService registered in the daemon's DI.</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class DockerStatsEventsAgainstDaemonTests
{
    private static async Task<string> Ok(DaemonProcess d, params string[] args)
    {
        var result = await DockerCli.RunAsync(d.DockerHost, args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)} failed: {result}");
        return result.Stdout;
    }

    [SkippableFact]
    public async Task Stats_no_stream_shows_a_busy_container_with_cpu_and_its_memory_limit()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        await Ok(d, "run", "-d", "--name", "busy", "--memory", "100m", "busybox", "sh", "-c", "while true; do :; done");
        // Asked again until the sampler's pair of samples spans real CPU work (the first pair may straddle the start).
        await Eventually.AssertAsync(async () =>
        {
            var line = (await Ok(d, "stats", "--no-stream", "--format", "{{.Name}}|{{.CPUPerc}}|{{.MemUsage}}")).Trim();
            var parts = line.Split('|');
            Assert.True(parts.Length == 3, line);
            Assert.Equal("busy", parts[0]);
            var cpu = double.Parse(parts[1].TrimEnd('%'), CultureInfo.InvariantCulture);
            // A busy loop on one CPU: clearly above idle, at most one CPU's worth (with rounding slack).
            Assert.True(cpu is > 20 and <= 105, line);
            Assert.EndsWith(" / 100MiB", parts[2]);
        });

        var byName = (await Ok(d, "stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}}", "busy")).Trim();
        Assert.Matches(@"^busy [1-9]\d*$", byName);
    }

    [SkippableFact]
    public async Task Events_since_until_list_create_start_and_die_of_a_container_that_ran()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        var start = DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var run = await DockerCli.RunAsync(d.DockerHost, "run", "--name", "ran", "busybox", "sh", "-c", "exit 3");
        Assert.True(run.ExitCode == 3, run.ToString());
        var until = DateTimeOffset.UtcNow.AddSeconds(1).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        var output = await Ok(d, "events", "--since", start, "--until", until,
            "--filter", "container=ran", "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}} {{index .Actor.Attributes \"exitCode\"}}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Trim()).ToList();
        var create = lines.IndexOf("container create ran");
        var started = lines.IndexOf("container start ran");
        var die = lines.IndexOf("container die ran 3");
        Assert.True(create >= 0 && started > create && die > started, output);
    }

    [SkippableFact]
    public async Task Update_memory_reaches_the_cgroup()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        var id = (await Ok(d, "run", "-d", "--name", "tune", "busybox", "sleep", "1000")).Trim();
        Assert.Equal("tune", (await Ok(d, "update", "--memory", "100m", "tune")).Trim());
        var limit = $"/sys/fs/cgroup/memory/{d.CgroupParent}/{id}/memory.limit_in_bytes";
        Assert.Equal("104857600", File.ReadAllText(limit).Trim());
        Assert.Equal("104857600", (await Ok(d, "inspect", "--format", "{{.HostConfig.Memory}}", "tune")).Trim());
    }
}
