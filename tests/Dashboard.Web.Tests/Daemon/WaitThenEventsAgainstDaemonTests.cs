using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>
/// Issue 10 point 2 against the real daemon: after a wait returns, the events query right after it (what `docker wait X;
/// docker events --since 1m --until 0s --filter container=X` asks) shows the die, the oom of a memory hog and the
/// destroy of an auto-removed container, every time. Many runs, since the bug was a race: a wait answered before the
/// die was stored.
/// </summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class WaitThenEventsAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>
{
    private const int Runs = 30;
    private const int Hogs = 6;

    [SkippableFact]
    public async Task After_each_wait_the_events_query_has_the_die_whatever_the_condition()
    {
        var d = fixture.RequireDaemon();
        var misses = new List<string>();
        for (var i = 0; i < Runs; i++)
        {
            var condition = (i % 3) switch { 0 => "not-running", 1 => "next-exit", _ => "removed" };
            var autoRemove = condition == "removed";
            var since = DateTimeOffset.UtcNow.AddMinutes(-1);
            var id = await CreateAsync(d, $"wait-die-{i}", ["sh", "-c", "exit 3"], memory: null, autoRemove);
            try
            {
                // not-running is asked after the start, as `docker wait` is: the process may already have exited, its
                // die still being stored. next-exit and removed are asked before it, as `docker run` does.
                Task<HttpResponseMessage>? waited = null;
                if (condition != "not-running") waited = d.Http.PostAsync($"/containers/{id}/wait?condition={condition}", null);
                await StartAsync(d, id);
                waited ??= d.Http.PostAsync($"/containers/{id}/wait?condition={condition}", null);
                using var response = await waited;
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.IsSuccessStatusCode, $"wait {condition}: {(int)response.StatusCode} {body}");
                Assert.Equal(3, JsonDocument.Parse(body).RootElement.GetProperty("StatusCode").GetInt32());

                var actions = await ActionsAsync(d, id, since);
                string[] expected = autoRemove ? ["create", "start", "die", "destroy"] : ["create", "start", "die"];
                if (!actions.SequenceEqual(expected)) misses.Add($"run {i} ({condition}): {string.Join(", ", actions)}");
            }
            finally
            {
                if (!autoRemove) await DaemonContainers.RemoveAsync(d, id);
            }
        }
        Assert.True(misses.Count == 0, $"{misses.Count} of {Runs} events queries right after the wait lacked events:\n{string.Join('\n', misses)}");
    }

    [SkippableFact]
    public async Task After_a_memory_hogs_wait_the_events_query_has_its_oom_and_its_die()
    {
        var d = fixture.RequireDaemon();
        var misses = new List<string>();
        for (var i = 0; i < Hogs; i++)
        {
            var since = DateTimeOffset.UtcNow.AddMinutes(-1);
            var id = await CreateAsync(d, $"wait-hog-{i}", ["sh", "-c", DaemonContainers.MemoryHog], 32L * 1024 * 1024, autoRemove: false);
            try
            {
                await StartAsync(d, id);
                using var response = await d.Http.PostAsync($"/containers/{id}/wait", null);
                var body = await response.Content.ReadAsStringAsync();
                Assert.Equal(137, JsonDocument.Parse(body).RootElement.GetProperty("StatusCode").GetInt32());

                var actions = await ActionsAsync(d, id, since);
                var oom = actions.IndexOf("oom");
                var die = actions.IndexOf("die");
                if (oom < 0 || die < oom) misses.Add($"hog {i}: {string.Join(", ", actions)}");
            }
            finally
            {
                await DaemonContainers.RemoveAsync(d, id);
            }
        }
        Assert.True(misses.Count == 0, $"{misses.Count} of {Hogs} events queries right after the wait lacked the oom or the die:\n{string.Join('\n', misses)}");
    }

    [SkippableFact]
    public async Task Docker_run_then_docker_events_until_now_shows_the_die_each_time()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        var misses = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var name = $"cli-wait-die-{i}";
            var remove = i % 2 == 1;
            string[] run = remove ? ["run", "--rm", "--name", name, "busybox", "sh", "-c", "exit 5"] : ["run", "--name", name, "busybox", "sh", "-c", "exit 5"];
            var ran = await DockerCli.RunAsync(d.DockerHost, run);
            Assert.True(ran.ExitCode == 5, ran.ToString());
            var events = await DockerCli.RunAsync(d.DockerHost, "events", "--since", "1m", "--until", "0s",
                "--filter", $"container={name}", "--format", "{{.Action}}");
            Assert.True(events.ExitCode == 0, events.ToString());
            var actions = events.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(a => a.Trim()).ToList();
            var die = actions.IndexOf("die");
            if (die < 0 || (remove && actions.IndexOf("destroy") < die)) misses.Add($"{name}: {string.Join(", ", actions)}");
            if (!remove) await DockerCli.RunAsync(d.DockerHost, "rm", "-f", name);
        }
        Assert.True(misses.Count == 0, string.Join('\n', misses));
    }

    private static async Task<string> CreateAsync(DaemonProcess d, string name, string[] cmd, long? memory, bool autoRemove)
    {
        using var created = await d.Http.PostAsJsonAsync($"/containers/create?name={name}", new
        {
            Image = "busybox",
            Cmd = cmd,
            HostConfig = new { Memory = memory ?? 0, MemorySwap = memory ?? 0, AutoRemove = autoRemove, NetworkMode = "none" },
        });
        var body = await created.Content.ReadAsStringAsync();
        Assert.True(created.IsSuccessStatusCode, $"create {name}: {(int)created.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("Id").GetString()!;
    }

    private static async Task StartAsync(DaemonProcess d, string id)
    {
        using var started = await d.Http.PostAsync($"/containers/{id}/start", null);
        Assert.True(started.IsSuccessStatusCode, $"start: {(int)started.StatusCode} {await started.Content.ReadAsStringAsync()}");
    }

    /// <summary>The container's actions in GET /events?since=...&amp;until=now, oldest first.</summary>
    private static async Task<List<string>> ActionsAsync(DaemonProcess d, string id, DateTimeOffset since)
    {
        // The clock's full precision (100 ns ticks, as the daemon stamps events): an until cut to the millisecond could
        // fall before a die stamped earlier in that same millisecond, and the query would rightly leave it out.
        var ticks = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks;
        var until = string.Create(CultureInfo.InvariantCulture,
            $"{ticks / TimeSpan.TicksPerSecond}.{ticks % TimeSpan.TicksPerSecond * 100:D9}");
        var filters = Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]> { ["container"] = [id] }));
        var text = await d.Http.GetStringAsync($"/events?since={since.ToUnixTimeSeconds()}&until={until}&filters={filters}");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("Action").GetString()!)
            .ToList();
    }
}
