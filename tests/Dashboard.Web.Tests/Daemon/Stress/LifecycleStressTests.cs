using Xunit.Abstractions;

namespace Dashboard.Web.Tests.Daemon.Stress;

/// <summary>
/// Issue 9 point 1: 16 clients doing every lifecycle verb on 4 shared names, through the real daemon's Docker API,
/// for DASHBOARD_STRESS_SECONDS (30 by default). No answer may be a 5xx. Afterwards the API, the database, conmon,
/// cgroups, mounts and directories must describe the same containers, and again after the daemon is killed and
/// started over the same state.
/// </summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
[Trait(TestCategory.Key, TestCategory.Stress)]
public sealed class LifecycleStressTests(ITestOutputHelper output)
{
    private const int Clients = 16;
    private static readonly string[] Names = ["stress-a", "stress-b", "stress-c", "stress-d"];

    private static TimeSpan Duration =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("DASHBOARD_STRESS_SECONDS"), out var s) && s > 0 ? s : 30);

    [SkippableFact]
    public async Task Concurrent_lifecycle_calls_answer_no_5xx_and_leave_every_source_in_agreement()
    {
        DaemonPrerequisites.Require();
        await using var d = await DaemonProcess.StartAsync();
        var seed = Environment.TickCount;
        output.WriteLine($"seed {seed}, {Clients} clients x {Duration.TotalSeconds:0} s on {Names.Length} names");
        var clients = Enumerable.Range(0, Clients).Select(i => new LifecycleStressClient(d, Names, seed + i)).ToList();
        var deadline = DateTime.UtcNow + Duration;
        await Task.WhenAll(clients.Select(c => Task.Run(() => c.RunAsync(deadline))));

        var samples = clients.SelectMany(c => c.Samples).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.First().Value);
        foreach (var verb in clients.SelectMany(c => c.Counts).GroupBy(p => p.Key).OrderBy(g => g.Key))
            output.WriteLine($"{verb.Key}: {verb.Sum(p => p.Value)}  {samples.GetValueOrDefault(verb.Key)}");
        var failures = clients.SelectMany(c => c.Failures).ToList();
        var before = await AgreeingFootprintAsync(d, "after the stress",
            failures.Count == 0 ? "" : $"{failures.Count} answers were not 2xx/304/404/409:\n{string.Join("\n", failures.Take(40))}\n");
        var pids = await PidsAsync(d, before.Alive);

        d.KillHard();
        await d.StartProcessAsync();
        var after = await AgreeingFootprintAsync(d, "after a daemon restart");
        Assert.Equal(before.ApiStates.OrderBy(p => p.Key), after.ApiStates.OrderBy(p => p.Key));
        Assert.Equal(pids, await PidsAsync(d, after.Alive));
    }

    /// <summary>Waits for exits, restart policies and --rm removals in flight to settle (at most 30 s): no container
    /// restarting or being removed, none of the quick-exit kinds running, and the same states twice, 500 ms apart.
    /// Then returns a footprint in which every source agrees, or fails with what still disagrees.</summary>
    private async Task<DaemonFootprint> AgreeingFootprintAsync(DaemonProcess d, string when, string failures = "")
    {
        var settle = DateTime.UtcNow.AddSeconds(30);
        DaemonFootprint footprint;
        IReadOnlyList<string> problems;
        IReadOnlyDictionary<string, string>? previous = null;
        while (true)
        {
            footprint = await DaemonFootprint.ReadAsync(d);
            problems = footprint.Disagreements();
            var settled = footprint.ApiStates.Values.All(s => s is not ("restarting" or "removing"))
                && !await ShortLivedRunningAsync(d)
                && previous is not null && previous.Count == footprint.ApiStates.Count && !previous.Except(footprint.ApiStates).Any();
            if ((problems.Count == 0 && settled) || DateTime.UtcNow > settle) break;
            previous = footprint.ApiStates;
            await Task.Delay(500);
        }
        output.WriteLine($"{when}:\n{footprint}");
        Assert.True(problems.Count == 0 && failures.Length == 0,
            $"{failures}{when}, the sources disagree:\n{string.Join("\n", problems)}\ncontainers:\n{footprint}");
        return footprint;
    }

    /// <summary>A running container of the quick-exit kinds (all but "sleep 3600") is about to exit: not settled yet.
    /// A paused one stays as it is.</summary>
    private static async Task<bool> ShortLivedRunningAsync(DaemonProcess d) =>
        (await d.GetJsonAsync("/containers/json?all=1")).EnumerateArray()
            .Any(c => c.GetProperty("State").GetString() == "running" && c.GetProperty("Command").GetString() != "sleep 3600");

    private static async Task<Dictionary<string, int>> PidsAsync(DaemonProcess d, IReadOnlySet<string> ids)
    {
        var pids = new Dictionary<string, int>();
        foreach (var id in ids.Order())
            pids[id] = (await d.GetJsonAsync($"/containers/{id}/json")).GetProperty("State").GetProperty("Pid").GetInt32();
        return pids;
    }
}
