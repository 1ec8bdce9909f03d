using System.Net;
using System.Text.Json;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>GET /containers/{id}/stats: moby's field shapes, precpu from the previous sample, streaming and ends.</summary>
public sealed class DockerStatsApiTests : IAsyncLifetime
{
    private readonly DockerApiServer _server = new();
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _http = _server.CreateHttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task No_stream_answers_with_the_newest_sample_and_the_previous_one_as_precpu_in_the_v1_shape()
    {
        var c = await StatsSamples.RunAsync(_server.Engine, "web");
        _server.Stats.Publish(StatsSamples.Sample(c.Id, 0, 1_000_000_000));
        _server.Stats.Publish(StatsSamples.Sample(c.Id, 1, 1_500_000_000));

        using var doc = JsonDocument.Parse(await _http.GetStringAsync($"/v1.44/containers/web/stats?stream=false"));
        var root = doc.RootElement;
        Assert.Equal("/web", root.GetProperty("name").GetString());
        Assert.Equal(c.Id, root.GetProperty("id").GetString());
        Assert.Equal("2026-11-28T05:00:01Z", root.GetProperty("read").GetString());
        Assert.Equal("2026-11-28T05:00:00Z", root.GetProperty("preread").GetString());
        var cpu = root.GetProperty("cpu_stats");
        Assert.Equal(1_500_000_000UL, cpu.GetProperty("cpu_usage").GetProperty("total_usage").GetUInt64());
        Assert.Equal(2, cpu.GetProperty("cpu_usage").GetProperty("percpu_usage").GetArrayLength());
        Assert.Equal(375_000_000UL, cpu.GetProperty("cpu_usage").GetProperty("usage_in_kernelmode").GetUInt64());
        Assert.Equal(2u, cpu.GetProperty("online_cpus").GetUInt32());
        Assert.Equal(3UL, cpu.GetProperty("throttling_data").GetProperty("throttled_periods").GetUInt64());
        var pre = root.GetProperty("precpu_stats");
        Assert.Equal(1_000_000_000UL, pre.GetProperty("cpu_usage").GetProperty("total_usage").GetUInt64());
        Assert.Equal(50.0, CliCpuPercent(root), 3);

        var memory = root.GetProperty("memory_stats");
        Assert.Equal(50 * StatsSamples.MiB, memory.GetProperty("usage").GetUInt64());
        Assert.Equal(60 * StatsSamples.MiB, memory.GetProperty("max_usage").GetUInt64());
        Assert.Equal(200 * StatsSamples.MiB, memory.GetProperty("limit").GetUInt64());
        Assert.Equal(10 * StatsSamples.MiB, memory.GetProperty("stats").GetProperty("total_inactive_file").GetUInt64());
        var blkio = root.GetProperty("blkio_stats").GetProperty("io_service_bytes_recursive").EnumerateArray()
            .ToDictionary(e => e.GetProperty("op").GetString()!, e => e.GetProperty("value").GetUInt64());
        Assert.Equal(4096UL, blkio["Read"]);
        Assert.Equal(8192UL, blkio["Write"]);
        Assert.Equal(3UL, root.GetProperty("pids_stats").GetProperty("current").GetUInt64());
        Assert.Equal(100UL, root.GetProperty("networks").GetProperty("lo").GetProperty("rx_bytes").GetUInt64());
        Assert.Equal(0, root.GetProperty("num_procs").GetInt32());
    }

    [Fact]
    public async Task Cgroup_v2_hosts_get_moby_v2_shape()
    {
        var server = new DockerApiServer { CgroupVersion = 2 };
        await server.InitializeAsync();
        try
        {
            await AssertV2ShapeAsync(server);
        }
        finally
        {
            await server.DisposeAsync();
        }
    }

    private static async Task AssertV2ShapeAsync(DockerApiServer server)
    {
        using var http = server.CreateHttpClient();
        var c = await StatsSamples.RunAsync(server.Engine, "v2");
        server.Stats.Publish(StatsSamples.Sample(c.Id, 0, 1_000_000_000, v2: true));
        server.Stats.Publish(StatsSamples.Sample(c.Id, 1, 1_200_000_000, v2: true));

        using var doc = JsonDocument.Parse(await http.GetStringAsync("/containers/v2/stats?stream=0"));
        var root = doc.RootElement;
        Assert.False(root.GetProperty("cpu_stats").GetProperty("cpu_usage").TryGetProperty("percpu_usage", out _));
        Assert.False(root.GetProperty("memory_stats").TryGetProperty("max_usage", out _));
        Assert.Equal(10 * StatsSamples.MiB, root.GetProperty("memory_stats").GetProperty("stats").GetProperty("inactive_file").GetUInt64());
        var ops = root.GetProperty("blkio_stats").GetProperty("io_service_bytes_recursive").EnumerateArray()
            .Select(e => e.GetProperty("op").GetString()).ToList();
        Assert.Equal(["read", "write"], ops);
        Assert.Equal(20.0, CliCpuPercent(root), 3);
    }

    [Fact]
    public async Task A_stopped_container_gets_one_object_with_only_name_and_id()
    {
        var record = await _server.Engine.CreateAsync(new() { Name = "idle", Image = "busybox", Cmd = ["sleep", "1"] }, CancellationToken.None);
        using var doc = JsonDocument.Parse(await _http.GetStringAsync("/containers/idle/stats?stream=false"));
        Assert.Equal("/idle", doc.RootElement.GetProperty("name").GetString());
        Assert.Equal(record.Id, doc.RootElement.GetProperty("id").GetString());
        Assert.Equal("0001-01-01T00:00:00Z", doc.RootElement.GetProperty("read").GetString());
        Assert.Equal(0UL, doc.RootElement.GetProperty("cpu_stats").GetProperty("cpu_usage").GetProperty("total_usage").GetUInt64());
        Assert.False(doc.RootElement.TryGetProperty("networks", out _));
    }

    [Fact]
    public async Task One_shot_has_an_empty_precpu()
    {
        var c = await StatsSamples.RunAsync(_server.Engine, "once");
        _server.Stats.Publish(StatsSamples.Sample(c.Id, 0, 1_000_000_000));
        _server.Stats.Publish(StatsSamples.Sample(c.Id, 1, 1_500_000_000));
        using var doc = JsonDocument.Parse(await _http.GetStringAsync("/containers/once/stats?stream=false&one-shot=true"));
        Assert.Equal(1_500_000_000UL, doc.RootElement.GetProperty("cpu_stats").GetProperty("cpu_usage").GetProperty("total_usage").GetUInt64());
        Assert.Equal(0UL, doc.RootElement.GetProperty("precpu_stats").GetProperty("cpu_usage").GetProperty("total_usage").GetUInt64());
        Assert.Equal("0001-01-01T00:00:00Z", doc.RootElement.GetProperty("preread").GetString());
    }

    [Fact]
    public async Task No_stream_with_one_sample_waits_for_the_next_so_cpu_percent_is_real()
    {
        _server.Stats.Interval = TimeSpan.FromSeconds(1);
        var c = await StatsSamples.RunAsync(_server.Engine, "fresh");
        _server.Stats.Publish(StatsSamples.Sample(c.Id, 0, 1_000_000_000));
        var subscribers = _server.Stats.Subscribers;
        var call = _http.GetStringAsync("/containers/fresh/stats?stream=false");
        await Eventually.TrueAsync(() => _server.Stats.Subscribers > subscribers, "the stats request to wait for the next sample");
        _server.Stats.Publish(StatsSamples.Sample(c.Id, 1, 1_500_000_000));
        using var doc = JsonDocument.Parse(await call);
        Assert.Equal(50.0, CliCpuPercent(doc.RootElement), 3);
    }

    [Fact]
    public async Task Stream_sends_headers_at_once_then_a_line_per_sample_and_ends_when_the_container_stops()
    {
        var c = await StatsSamples.RunAsync(_server.Engine, "live");
        using var response = await _http.GetAsync("/containers/live/stats", HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        _server.Stats.Publish(StatsSamples.Sample(c.Id, 0, 1_000_000_000));
        using var first = JsonDocument.Parse((await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5)))!);
        _server.Stats.Publish(StatsSamples.Sample(c.Id, 1, 1_500_000_000));
        using var second = JsonDocument.Parse((await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5)))!);
        Assert.Equal(50.0, CliCpuPercent(second.RootElement), 3);

        await _server.Engine.StopAsync(c.Id, 0, null, CancellationToken.None);
        // Without samples, the handler notices the stop within two ticks (200 ms each here) and ends the stream.
        var rest = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("", rest);
    }

    [Fact]
    public async Task Unknown_container_is_404_and_stream_with_one_shot_is_400()
    {
        using var missing = await _http.GetAsync("/containers/nosuch/stats?stream=false");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        using var bad = await _http.GetAsync("/containers/nosuch/stats?stream=true&one-shot=true");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    /// <summary>The docker CLI's calculateCPUPercentUnix, applied to a response.</summary>
    internal static double CliCpuPercent(JsonElement stats)
    {
        var cpu = stats.GetProperty("cpu_stats");
        var pre = stats.GetProperty("precpu_stats");
        double cpuDelta = cpu.GetProperty("cpu_usage").GetProperty("total_usage").GetUInt64()
            - (double)pre.GetProperty("cpu_usage").GetProperty("total_usage").GetUInt64();
        static ulong System(JsonElement e) => e.TryGetProperty("system_cpu_usage", out var v) ? v.GetUInt64() : 0;
        double systemDelta = System(cpu) - (double)System(pre);
        var online = cpu.TryGetProperty("online_cpus", out var o) ? o.GetUInt32() : 0u;
        return cpuDelta > 0 && systemDelta > 0 ? cpuDelta / systemDelta * online * 100 : 0;
    }
}
