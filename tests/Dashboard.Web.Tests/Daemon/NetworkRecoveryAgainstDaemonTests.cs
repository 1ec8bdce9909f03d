namespace Dashboard.Web.Tests.Daemon;

/// <summary>
/// Issue 12: networks across a kill -9 of the daemon. A running container keeps its address and published port while
/// no daemon runs and is re-adopted with them; one that exited meanwhile, and one whose row is gone (removed while the
/// daemon was down), have their veth, namespace and firewall rules removed when the daemon starts again.
/// </summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class NetworkRecoveryAgainstDaemonTests
{
    [SkippableFact]
    public async Task Kill_9_keeps_running_containers_networks_and_start_cleans_the_networks_of_the_others()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        Prerequisites.Require(Prerequisites.Networks(), "a network");
        await using var d = await DaemonProcess.StartAsync();
        async Task<string> Ok(params string[] args)
        {
            var result = await DockerCli.RunAsync(d.DockerHost, args);
            Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)}: {result}");
            return result.Stdout.Trim();
        }
        var vethsBefore = await NetworkProbe.VethsAsync();
        await Ok("network", "create", "rec-net");
        var keeperPort = NetworkProbe.FreePort();
        var gonePort = NetworkProbe.FreePort();
        await Ok("run", "-d", "--name", "keeper", "--network", "rec-net", "-p", $"127.0.0.1:{keeperPort}:80", "busybox", "sh", "-c",
            "mkdir /www && echo kept > /www/index.html && exec httpd -f -p 80 -h /www");
        var gone = await Ok("run", "-d", "--name", "gone", "--network", "rec-net", "-p", $"127.0.0.1:{gonePort}:80", "busybox", "sleep", "300");
        var quitter = await Ok("run", "-d", "--name", "quitter", "--network", "rec-net", "busybox", "sh", "-c", "sleep 2; exit 3");
        var keeperIp = await Ok("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "keeper");
        Assert.Equal("kept\n", await NetworkProbe.GetAsync($"http://127.0.0.1:{keeperPort}/"));
        Assert.Equal(3, (await NetworkProbe.VethsAsync()).Except(vethsBefore).Count());
        Assert.NotEmpty(await NetworkProbe.RulesAsync($"dport {gonePort} "));

        d.KillHard();
        Assert.Equal("kept\n", await NetworkProbe.GetAsync($"http://127.0.0.1:{keeperPort}/"));
        await Eventually.TrueAsync(() => File.Exists(new Dashboard.Engine.Runtime.RuntimePaths(d.RunRoot).ExitFile(quitter)), "quitter's exit file");
        // "gone" is removed while no daemon runs: its row disappears (its processes are then the sweep's to kill).
        using (var database = Dashboard.Data.SqliteDatabase.Open(Path.Combine(d.DataRoot, "dashboard.db")))
            await new Dashboard.Data.ContainerRepository(database).DeleteAsync(gone, CancellationToken.None);
        await d.StartProcessAsync();

        Assert.Equal("kept\n", await NetworkProbe.GetAsync($"http://127.0.0.1:{keeperPort}/"));
        Assert.Equal(keeperIp, await Ok("inspect", "-f", "{{.NetworkSettings.IPAddress}}", "keeper"));
        Assert.Equal($"80/tcp -> 127.0.0.1:{keeperPort}", await Ok("port", "keeper"));
        Assert.Equal("exited", await Ok("inspect", "-f", "{{.State.Status}}", "quitter"));
        Assert.Single((await NetworkProbe.VethsAsync()).Except(vethsBefore));
        Assert.Equal([Path.Combine(d.RunRoot, "netns", (await Ok("inspect", "-f", "{{.Id}}", "keeper")))], NetworkProbe.Netns(d));
        Assert.Empty(await NetworkProbe.RulesAsync($"dport {gonePort} "));
        // The gone container's address is free again: the next container on rec-net may get it.
        Assert.Contains("has active endpoints (", (await DockerCli.RunAsync(d.DockerHost, "network", "rm", "rec-net")).Stderr);

        await Ok("rm", "-f", "keeper", "quitter");
        await Ok("network", "rm", "rec-net");
        Assert.Empty((await NetworkProbe.VethsAsync()).Except(vethsBefore));
        Assert.Empty(NetworkProbe.Netns(d));
        Assert.Empty(await NetworkProbe.RulesAsync($"dport {keeperPort} ", $"dport {gonePort} "));
    }
}
