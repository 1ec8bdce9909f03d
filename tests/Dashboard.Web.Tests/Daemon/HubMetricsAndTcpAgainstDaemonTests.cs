using Dashboard.Cli.Client;
using Dashboard.Contracts.Events;
using Dashboard.Web.Tests.Metrics;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>Issue 3 against the real daemon: the SignalR hub over the unix socket, /metrics over the unix socket,
/// and the TCP port refusing every API (only /healthz answers there).</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class HubMetricsAndTcpAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>
{
    [SkippableFact]
    public async Task Hub_client_over_the_unix_socket_receives_the_oom_then_the_oom_die_of_a_hog()
    {
        var d = fixture.RequireDaemon();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var hub = await EngineHubClient.ConnectAsync(DaemonAddress.Parse(d.DockerHost), timeout.Token);
        // A Since replays history and then follows, so nothing between subscribing and the container's start is lost.
        var filter = new EventFilterDto { Since = DateTimeOffset.UtcNow.AddSeconds(-1), Types = ["container"] };
        var stream = EngineHubClient.StreamAsync<EventDto>(hub, "Events", [null, filter], timeout.Token);

        var id = await DaemonContainers.RunAsync(d, "hub-hog", 32L * 1024 * 1024, "sh", "-c", DaemonContainers.MemoryHog);
        try
        {
            var seen = new List<EventDto>();
            await foreach (var e in stream)
            {
                if (e.ActorId != id) continue;
                seen.Add(e);
                if (e.Action == "die") break;
            }
            var actions = seen.Select(e => e.Action).ToList();
            var oom = actions.IndexOf("oom");
            var die = actions.IndexOf("die");
            Assert.True(oom >= 0 && die > oom, string.Join(", ", actions));
            Assert.Equal("33554432", seen[oom].Attributes["memoryLimit"]);
            Assert.Equal("true", seen[die].Attributes["oomKilled"]);
            Assert.Equal("137", seen[die].Attributes["exitCode"]);
        }
        finally
        {
            await DaemonContainers.RemoveAsync(d, id);
        }
    }

    [SkippableFact]
    public async Task Metrics_over_the_unix_socket_are_prometheus_text_with_the_cadvisor_series_and_drop_removed_containers()
    {
        var d = fixture.RequireDaemon();
        var id = await DaemonContainers.RunAsync(d, "metered", 64L * 1024 * 1024, "sleep", "300");
        var label = "/dashboard/" + id;
        IReadOnlyList<PromSample> mine = [];
        try
        {
            // The sampler needs a tick (1 s) before the container has a sample to export.
            for (var i = 0; i < 50 && !mine.Any(s => s.Name == "container_spec_memory_limit_bytes"); i++, await Task.Delay(200))
                mine = (await ScrapeAsync(d)).Where(s => s.Labels.GetValueOrDefault("id") == label).ToList();

            foreach (var name in new[] { "container_cpu_usage_seconds_total", "container_memory_working_set_bytes", "container_oom_events_total" })
                Assert.True(mine.Any(s => s.Name == name), $"{name} missing for {label}: {string.Join(", ", mine.Select(s => s.Name))}");
            var limit = Assert.Single(mine, s => s.Name == "container_spec_memory_limit_bytes");
            Assert.Equal(64d * 1024 * 1024, limit.Value);
            Assert.Equal("metered", limit.Labels["name"]);
            Assert.Equal(0, Assert.Single(mine, s => s.Name == "container_oom_events_total").Value);
            Assert.True(Assert.Single(mine, s => s.Name == "container_memory_working_set_bytes").Value > 0);
        }
        finally
        {
            await DaemonContainers.RemoveAsync(d, id);
        }
        var after = await ScrapeAsync(d);
        Assert.DoesNotContain(after, s => s.Labels.GetValueOrDefault("id") == label);
    }

    private static async Task<IReadOnlyList<PromSample>> ScrapeAsync(DaemonProcess d)
    {
        using var response = await d.Http.GetAsync("/metrics");
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"/metrics: {(int)response.StatusCode} {text}");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return PromSample.Parse(text); // asserts every non-comment line is name{labels} value
    }

    [SkippableFact]
    public async Task Over_tcp_every_api_family_needs_credentials_and_only_healthz_answers()
    {
        var d = fixture.RequireDaemon();
        using var tcp = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{d.TcpPort}"), Timeout = TimeSpan.FromSeconds(30) };
        foreach (var (method, path) in new[]
                 {
                     ("GET", "/containers/json"), ("GET", "/v1.44/info"), ("GET", "/_ping"), ("POST", "/containers/create"),
                     ("GET", "/api/containers"), ("POST", "/hubs/engine/negotiate?negotiateVersion=1"), ("GET", "/metrics"),
                 })
        {
            using var response = await tcp.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
            // Since the web UI's accounts: 401 without a session cookie or bearer token (each route's policy, Access/RouteAccess.cs).
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.Unauthorized,
                $"{method} {path} over TCP: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        using var health = await tcp.GetAsync("/healthz");
        Assert.Equal(System.Net.HttpStatusCode.OK, health.StatusCode);
        // The same routes work on the unix socket, so the 401 is about the transport, not the route.
        using var viaSocket = await d.Http.GetAsync("/v1.44/info");
        Assert.True(viaSocket.IsSuccessStatusCode);
    }
}
