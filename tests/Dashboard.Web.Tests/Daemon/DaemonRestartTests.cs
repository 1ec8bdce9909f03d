using System.Text.Json;

namespace Dashboard.Web.Tests.Daemon;

[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class DaemonRestartTests
{
    private static async Task<JsonElement> Inspect(DaemonProcess d, string name) =>
        await d.GetJsonAsync($"/containers/{name}/json");

    [SkippableFact]
    public async Task Kill_9_of_the_daemon_loses_nothing_and_does_not_restart_running_containers()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        async Task Run(params string[] args)
        {
            var result = await DockerCli.RunAsync(d.DockerHost, ["run", "-d", .. args]);
            Assert.True(result.ExitCode == 0, result.ToString());
        }
        await Run("--name", "keeper", "busybox", "sleep", "300");
        await Run("--name", "quitter", "busybox", "sh", "-c", "sleep 2; exit 4");
        await Run("--name", "phoenix", "--restart", "always", "busybox", "sh", "-c", "sleep 2; exit 1");
        var created = await DockerCli.RunAsync(d.DockerHost, "create", "--name", "never-started", "busybox", "true");
        Assert.Equal(0, created.ExitCode);
        var keeperPid = (await Inspect(d, "keeper")).GetProperty("State").GetProperty("Pid").GetInt32();
        var exitFiles = new Dashboard.Engine.Runtime.RuntimePaths(d.RunRoot);
        string[] exiting = [exitFiles.ExitFile((await Inspect(d, "quitter")).GetProperty("Id").GetString()!),
            exitFiles.ExitFile((await Inspect(d, "phoenix")).GetProperty("Id").GetString()!)];

        d.KillHard();
        Assert.True(Directory.Exists($"/proc/{keeperPid}"), "kill -9 of the daemon must not take containers with it");
        // Quitter and phoenix exit while no daemon runs: conmon writes their exit files.
        await Eventually.TrueAsync(() => exiting.All(File.Exists), "the exit files of quitter and phoenix");
        await d.StartProcessAsync();

        var keeper = (await Inspect(d, "keeper")).GetProperty("State");
        Assert.True(keeper.GetProperty("Running").GetBoolean());
        Assert.Equal(keeperPid, keeper.GetProperty("Pid").GetInt32());
        var quitter = (await Inspect(d, "quitter")).GetProperty("State");
        Assert.Equal("exited", quitter.GetProperty("Status").GetString());
        Assert.Equal(4, quitter.GetProperty("ExitCode").GetInt32());
        Assert.Equal("created", (await Inspect(d, "never-started")).GetProperty("State").GetProperty("Status").GetString());

        // The restart policy applies once the daemon is back.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        JsonElement phoenix;
        do
        {
            await Task.Delay(200);
            phoenix = await Inspect(d, "phoenix");
        } while (phoenix.GetProperty("RestartCount").GetInt32() < 1 && DateTime.UtcNow < deadline);
        Assert.True(phoenix.GetProperty("RestartCount").GetInt32() >= 1);

        // And the re-adopted container can still be stopped through the API.
        var stop = await DockerCli.RunAsync(d.DockerHost, "stop", "-t", "1", "keeper");
        Assert.Equal(0, stop.ExitCode);
        Assert.False(Directory.Exists($"/proc/{keeperPid}"));
    }
}
