namespace Dashboard.Web.Tests.Daemon;

/// <summary>A graceful stop (SIGTERM, what systemd sends) of a daemon with a running container: the engine's own
/// shutdown (stats writer, watchers) runs while the database is still open, nothing fails in the log, the exit code is
/// 0, and the container, kept by conmon, is there again after the next start.</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class DaemonStopTests
{
    [SkippableFact]
    public async Task Sigterm_stops_cleanly_and_writes_the_last_stats_minute_while_the_database_is_open()
    {
        DaemonPrerequisites.Require();
        await using var d = await DaemonProcess.StartAsync();
        var id = await DaemonContainers.RunAsync(d, "stays-up", null, "sleep", "300");
        // A few samples, so an unfinished stats minute is open, which the shutdown writes to the database. Not asked for
        // through the API: a request that resolves the stats service has the host dispose it, in time, and hides the bug.
        while (DateTimeOffset.UtcNow.Second is < 4 or > 54) await Task.Delay(500);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var now = DateTimeOffset.UtcNow;
        var lastMinute = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, TimeSpan.Zero);

        var exitCode = await d.StopGracefullyAsync(TimeSpan.FromSeconds(30));

        var log = d.Log;
        Assert.True(exitCode == 0, $"exit code {exitCode}:\n{log}");
        Assert.DoesNotContain("ObjectDisposedException", log);
        Assert.DoesNotContain("stats rollups failed", log);
        Assert.DoesNotContain("fail:", log);

        await d.StartProcessAsync();
        var state = (await d.GetJsonAsync($"/containers/{id}/json")).GetProperty("State");
        Assert.True(state.GetProperty("Running").GetBoolean(), "conmon keeps the container through a daemon stop");
        // The minute that was open at the stop was written by the shutdown (the log of a disposed host shows nothing).
        var from = Uri.EscapeDataString(lastMinute.AddMinutes(-1).ToString("O"));
        var rollups = (await d.GetJsonAsync($"/api/containers/{id}/stats?resolution=minute&from={from}")).GetProperty("rollups");
        Assert.Contains(rollups.EnumerateArray(), r => r.GetProperty("minute").GetDateTimeOffset() == lastMinute);
    }
}
