using System.Globalization;
using System.Text.RegularExpressions;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>Issue 3 through both CLIs against the real daemon: dashctl (in process, over the hub) and the real
/// docker binary (over the Docker API) show live stats rows and the event history.</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class StatsAndEventsCliAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>
{
    private static async Task<string> Dashctl(DaemonProcess d, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var exit = await Dashboard.Cli.Dashctl.RunAsync(["--host", d.DockerHost, .. args], stdout, stderr, _ => null, timeout.Token);
        Assert.True(exit == 0, $"dashctl {string.Join(' ', args)}: exit {exit}\nstdout: {stdout}\nstderr: {stderr}");
        return stdout.ToString();
    }

    private static async Task<string> Docker(DaemonProcess d, params string[] args)
    {
        var result = await DockerCli.RunAsync(d.DockerHost, args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)} failed: {result}");
        return result.Stdout;
    }

    private static string Seconds(DateTimeOffset t) => t.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    [SkippableFact]
    public async Task Dashctl_stats_no_stream_and_events_since_until_show_a_running_container()
    {
        var d = fixture.RequireDaemon();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var id = await DaemonContainers.RunAsync(d, "ctl-stats", 64L * 1024 * 1024, "sleep", "300");
        try
        {
            await Eventually.AssertAsync(async () => // until the sampler's first tick for it
            {
                var stats = await Dashctl(d, "stats", "--no-stream");
                var lines = stats.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.StartsWith("CONTAINER ID", lines[0]);
                var row = Assert.Single(lines, l => l.Contains(" ctl-stats "));
                Assert.StartsWith(id[..12], row);
                Assert.Matches(@"\d+\.\d+%", row);
                Assert.Contains(" / 64MiB", row);
            });

            var until = DateTimeOffset.UtcNow.AddSeconds(1);
            var events = (await Dashctl(d, "events", "--since", Seconds(since), "--until", Seconds(until)))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.Contains($" {id}")).ToList();
            var create = events.FindIndex(l => l.Contains($" container create {id}"));
            var start = events.FindIndex(l => l.Contains($" container start {id}"));
            Assert.True(create >= 0 && start > create, string.Join('\n', events));
            Assert.Contains("name=ctl-stats", events[create]);
        }
        finally
        {
            await DaemonContainers.RemoveAsync(d, id);
        }
    }

    [SkippableFact]
    public async Task Docker_stats_no_stream_prints_both_running_containers_with_cpu_and_memory_usage_over_limit()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        var one = (await Docker(d, "run", "-d", "--name", "stat-one", "--memory", "64m", "busybox", "sleep", "300")).Trim();
        var two = (await Docker(d, "run", "-d", "--name", "stat-two", "--memory", "100m", "busybox", "sh", "-c", "while true; do :; done")).Trim();
        try
        {
            // Asked again until the sampler's pair of samples spans the busy loop's CPU work.
            await Eventually.AssertAsync(async () =>
            {
                var output = await Docker(d, "stats", "--no-stream");
                var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
                Assert.Matches(@"^CONTAINER ID\s+NAME\s+CPU %\s+MEM USAGE / LIMIT", lines[0]);
                Assert.Equal(3, lines.Length);
                foreach (var (id, name, limit) in new[] { (one, "stat-one", "64MiB"), (two, "stat-two", "100MiB") })
                {
                    var row = Assert.Single(lines, l => l.StartsWith(id[..12], StringComparison.Ordinal));
                    Assert.Matches($@"^{id[..12]}\s+{name}\s+\d+\.\d+%\s+\d+(\.\d+)?[KMG]?i?B\s+/\s+{Regex.Escape(limit)}\s", row);
                }
                var busy = lines.Single(l => l.Contains("stat-two"));
                var cpu = double.Parse(Regex.Match(busy, @"(\d+\.\d+)%").Groups[1].Value, CultureInfo.InvariantCulture);
                Assert.True(cpu > 20, busy);
            });
        }
        finally
        {
            await DaemonContainers.RemoveAsync(d, one);
            await DaemonContainers.RemoveAsync(d, two);
        }
    }

    [SkippableFact]
    public async Task Docker_events_since_shows_the_oom_of_a_memory_hog()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var run = await DockerCli.RunAsync(d.DockerHost, "run", "--name", "cli-hog", "--memory", "32m", "--memory-swap", "32m",
            "busybox", "sh", "-c", DaemonContainers.MemoryHog);
        var id = (await Docker(d, "inspect", "--format", "{{.Id}}", "cli-hog")).Trim();
        try
        {
            Assert.True(run.ExitCode == 137, run.ToString());
            var until = DateTimeOffset.UtcNow.AddSeconds(1);
            var output = await Docker(d, "events", "--since", Seconds(since), "--until", Seconds(until));
            var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            // Docker's default line: "<time> container oom <id> (image=busybox, name=cli-hog, ...)".
            var oom = lines.FirstOrDefault(l => l.Contains($" container oom {id} "));
            Assert.True(oom is not null, output);
            Assert.Contains("name=cli-hog", oom);
            var die = Array.FindIndex(lines, l => l.Contains($" container die {id} "));
            Assert.True(die > Array.IndexOf(lines, oom), output);
        }
        finally
        {
            await DaemonContainers.RemoveAsync(d, id);
        }
    }
}
