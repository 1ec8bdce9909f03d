using Dashboard.Web.Tests.Hubs;

namespace Dashboard.Web.Tests.Metrics;

/// <summary>/metrics: cAdvisor names, labels and values from the latest samples; gone containers disappear.</summary>
public sealed class MetricsEndpointTests : IAsyncLifetime
{
    private EngineHubHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineHubHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<IReadOnlyList<PromSample>> ScrapeAsync()
    {
        using var response = await _host.Http.GetAsync("metrics");
        response.EnsureSuccessStatusCode();
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType);
        return PromSample.Parse(await response.Content.ReadAsStringAsync());
    }

    private static double Value(IReadOnlyList<PromSample> samples, string name, string id, params (string Key, string Value)[] extra)
    {
        var match = samples.Where(s => s.Name == name && s.Labels.GetValueOrDefault("id") == "/dashboard/" + id)
            .Where(s => extra.All(e => s.Labels.GetValueOrDefault(e.Key) == e.Value)).ToList();
        return Assert.Single(match).Value;
    }

    [Fact]
    public async Task Exposes_cadvisor_names_labels_and_values_of_the_latest_sample()
    {
        var web = await _host.RunAsync("web", memory: "200m");
        var now = DateTimeOffset.UtcNow;
        _host.Stats.Publish(Samples.For(web.Id, now.AddSeconds(-1)));
        _host.Stats.Publish(Samples.For(web.Id, now, scale: 2));

        var s = await ScrapeAsync();
        var cpu = s.Single(x => x.Name == "container_cpu_usage_seconds_total" && x.Labels["id"] == "/dashboard/" + web.Id);
        Assert.Equal("web", cpu.Labels["name"]);
        Assert.Equal("busybox", cpu.Labels["image"]);
        Assert.Equal("total", cpu.Labels["cpu"]);
        Assert.Equal(5.0, cpu.Value); // the newest sample: 2 × 2.5 s
        Assert.Equal(1.5, Value(s, "container_cpu_user_seconds_total", web.Id));
        Assert.Equal(1.0, Value(s, "container_cpu_system_seconds_total", web.Id));
        Assert.Equal(40, Value(s, "container_cpu_cfs_periods_total", web.Id));
        Assert.Equal(7, Value(s, "container_cpu_cfs_throttled_periods_total", web.Id));
        Assert.Equal(0.35, Value(s, "container_cpu_cfs_throttled_seconds_total", web.Id), 6);
        Assert.Equal(50 << 20, Value(s, "container_memory_usage_bytes", web.Id));
        Assert.Equal(40 << 20, Value(s, "container_memory_working_set_bytes", web.Id));
        Assert.Equal(10 << 20, Value(s, "container_memory_cache", web.Id));
        Assert.Equal(30 << 20, Value(s, "container_memory_rss", web.Id));
        Assert.Equal(1 << 20, Value(s, "container_memory_swap", web.Id));
        Assert.Equal(200 << 20, Value(s, "container_spec_memory_limit_bytes", web.Id));
        Assert.Equal(100_000, Value(s, "container_spec_cpu_period", web.Id));
        Assert.Equal(1024, Value(s, "container_spec_cpu_shares", web.Id));
        Assert.Equal(3, Value(s, "container_processes", web.Id));
        Assert.Equal(1000, Value(s, "container_network_receive_bytes_total", web.Id, ("interface", "eth0")));
        Assert.Equal(2000, Value(s, "container_network_transmit_bytes_total", web.Id, ("interface", "eth0")));
        Assert.Equal(10, Value(s, "container_network_receive_packets_total", web.Id, ("interface", "eth0")));
        Assert.Equal(20, Value(s, "container_network_transmit_packets_total", web.Id, ("interface", "eth0")));
        Assert.Equal(4096, Value(s, "container_fs_reads_bytes_total", web.Id));
        Assert.Equal(8192, Value(s, "container_fs_writes_bytes_total", web.Id));
        Assert.Equal(2, Value(s, "container_oom_events_total", web.Id));
        Assert.Equal(now.ToUnixTimeMilliseconds() / 1000.0, Value(s, "container_last_seen", web.Id), 3);
        Assert.Equal(web.State.StartedAt!.Value.ToUnixTimeMilliseconds() / 1000.0, Value(s, "container_start_time_seconds", web.Id), 3);
        Assert.DoesNotContain(s, x => x.Name == "container_spec_cpu_quota"); // no cpu limit: cAdvisor omits it
    }

    [Fact]
    public async Task Cpu_quota_follows_the_cpus_limit()
    {
        var web = await _host.RunAsync("web");
        await _host.Engine.UpdateLimitsAsync("web", new Dashboard.Engine.Containers.LimitsUpdate { Cpus = "0.5" }, default);
        _host.Stats.Publish(Samples.For(web.Id, DateTimeOffset.UtcNow));
        var s = await ScrapeAsync();
        Assert.Equal(50_000, Value(s, "container_spec_cpu_quota", web.Id));
    }

    [Fact]
    public async Task The_memory_limit_is_the_one_in_effect_not_the_configured_one()
    {
        // The kernel holds --memory 100000000 page-rounded; a limit not below the host's memory limits nothing, and the
        // sampler reports none (EffectiveLimits). The metric follows the sample, as every other view of the limit.
        var rounded = await _host.RunAsync("rounded", memory: "100000000");
        var huge = await _host.RunAsync("huge", memory: "1t");
        var now = DateTimeOffset.UtcNow;
        _host.Stats.Publish(Samples.For(rounded.Id, now) with { Memory = Samples.For(rounded.Id, now).Memory with { Limit = 99_999_744 } });
        _host.Stats.Publish(Samples.For(huge.Id, now) with { Memory = Samples.For(huge.Id, now).Memory with { Limit = null } });

        var s = await ScrapeAsync();
        Assert.Equal(99_999_744, Value(s, "container_spec_memory_limit_bytes", rounded.Id));
        Assert.Equal(0, Value(s, "container_spec_memory_limit_bytes", huge.Id));
    }

    [Fact]
    public async Task Series_of_a_removed_container_disappear()
    {
        var web = await _host.RunAsync("web");
        var db = await _host.RunAsync("db");
        _host.Stats.Publish(Samples.For(web.Id, DateTimeOffset.UtcNow));
        _host.Stats.Publish(Samples.For(db.Id, DateTimeOffset.UtcNow));
        var before = await ScrapeAsync();
        Assert.Contains(before, x => x.Labels.GetValueOrDefault("name") == "web");

        await _host.Engine.RemoveAsync("web", force: true, default);
        var after = await ScrapeAsync();
        Assert.DoesNotContain(after, x => x.Labels.GetValueOrDefault("name") == "web");
        Assert.Equal(2.5, Value(after, "container_cpu_usage_seconds_total", db.Id));
    }

    [Fact]
    public async Task A_counter_that_went_down_after_a_restart_starts_again_from_the_new_value()
    {
        var web = await _host.RunAsync("web");
        _host.Stats.Publish(Samples.For(web.Id, DateTimeOffset.UtcNow, scale: 4));
        Assert.Equal(10.0, Value(await ScrapeAsync(), "container_cpu_usage_seconds_total", web.Id));
        _host.Stats.Publish(Samples.For(web.Id, DateTimeOffset.UtcNow.AddSeconds(1)));
        Assert.Equal(2.5, Value(await ScrapeAsync(), "container_cpu_usage_seconds_total", web.Id));
    }
}
