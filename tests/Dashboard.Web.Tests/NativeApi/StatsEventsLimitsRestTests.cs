using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dashboard.Contracts;
using Dashboard.Contracts.Containers;
using Dashboard.Contracts.Events;
using Dashboard.Contracts.Problems;
using Dashboard.Contracts.Stats;
using Dashboard.Engine.Stats;
using Dashboard.Web.Tests.Hubs;

namespace Dashboard.Web.Tests.NativeApi;

/// <summary>GET /api/containers/{ref}/stats[/stream], GET /api/events and POST /api/containers/{ref}/limits.</summary>
public sealed class StatsEventsLimitsRestTests : IAsyncLifetime
{
    private EngineHubHost _host = null!;

    public async Task InitializeAsync() => _host = await EngineHubHost.StartAsync();
    public async Task DisposeAsync() => await _host.DisposeAsync();

    private async Task<T> GetAsync<T>(string uri)
    {
        using var response = await _host.Http.GetAsync(uri);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<T>(ContractJson.Options))!;
    }

    private async Task<ProblemDto> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        Assert.Equal(expected, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return (await response.Content.ReadFromJsonAsync<ProblemDto>(ContractJson.Options))!;
    }

    [Fact]
    public async Task Stats_history_defaults_to_the_last_15_minutes_of_raw_samples()
    {
        var web = await _host.RunAsync("web");
        var now = DateTimeOffset.UtcNow;
        _host.Stats.Publish(Samples.For(web.Id, now.AddMinutes(-20)));
        _host.Stats.Publish(Samples.For(web.Id, now.AddMinutes(-5), scale: 2));
        _host.Stats.Publish(Samples.For(web.Id, now.AddSeconds(-1), scale: 3));

        var history = await GetAsync<StatsHistoryDto>("api/containers/web/stats");
        Assert.Equal(("raw", web.Id), (history.Resolution, history.ContainerId));
        Assert.Equal([25.0, 37.5], history.Samples.Select(s => s.CpuPercent));
        Assert.All(history.Samples, s => Assert.Equal("web", s.Name));

        var older = await GetAsync<StatsHistoryDto>("api/containers/web/stats?from=30m&to=10m");
        Assert.Equal(12.5, Assert.Single(older.Samples).CpuPercent);
    }

    [Fact]
    public async Task Stats_history_by_minute_returns_rollups()
    {
        var web = await _host.RunAsync("web");
        var minute = new DateTimeOffset(DateTimeOffset.UtcNow.Year, DateTimeOffset.UtcNow.Month, DateTimeOffset.UtcNow.Day, DateTimeOffset.UtcNow.Hour, DateTimeOffset.UtcNow.Minute, 0, TimeSpan.Zero).AddMinutes(-2);
        _host.Stats.Rollups.Add(new StatsRollup { ContainerId = web.Id, Minute = minute, Samples = 60, CpuPercent = new MinAvgMax(1, 2, 3), MemoryLimit = 1234 });

        var history = await GetAsync<StatsHistoryDto>("api/containers/web/stats?resolution=minute&from=1h");
        Assert.Equal("minute", history.Resolution);
        var rollup = Assert.Single(history.Rollups);
        Assert.Equal((minute, 60, 2.0, 3.0, 1234UL), (rollup.Minute, rollup.Samples, rollup.CpuPercent.Avg, rollup.CpuPercent.Max, rollup.MemoryLimit!.Value));
        Assert.Empty(history.Samples);
    }

    [Fact]
    public async Task Stats_history_rejects_bad_parameters_and_unknown_containers_with_problems()
    {
        await _host.RunAsync("web");
        var bad = await ProblemAsync(await _host.Http.GetAsync("api/containers/web/stats?resolution=hourly&from=yesterday"), HttpStatusCode.BadRequest);
        Assert.Contains("resolution", bad.Errors!.Keys);
        Assert.Contains("from", bad.Errors!.Keys);
        await ProblemAsync(await _host.Http.GetAsync("api/containers/nope/stats"), HttpStatusCode.NotFound);
        await ProblemAsync(await _host.Http.GetAsync("api/containers/nope/stats/stream"), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Stats_stream_sends_the_latest_sample_then_follows_as_ndjson()
    {
        var web = await _host.RunAsync("web");
        _host.Stats.Publish(Samples.For(web.Id, DateTimeOffset.UtcNow.AddSeconds(-1)));
        using var response = await _host.Http.GetAsync("api/containers/web/stats/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(ContractJson.NdjsonMediaType, response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var first = JsonSerializer.Deserialize<StatsSampleDto>((await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)))!, ContractJson.Options)!;
        Assert.Equal(12.5, first.CpuPercent);
        _host.Stats.Publish(Samples.For(web.Id, DateTimeOffset.UtcNow, scale: 4));
        var second = JsonSerializer.Deserialize<StatsSampleDto>((await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)))!, ContractJson.Options)!;
        Assert.Equal(50.0, second.CpuPercent);
    }

    [Fact]
    public async Task Events_are_listed_and_filtered_by_container_type_action_and_sequence()
    {
        var web = await _host.RunAsync("web");
        var db = await _host.RunAsync("db");
        await _host.PublishAsync("start", web.Id, ("name", "web"));
        await _host.PublishAsync("oom", web.Id, ("name", "web"));
        await _host.PublishAsync("die", web.Id, ("name", "web"), ("exitCode", "137"), ("oomKilled", "true"));
        await _host.PublishAsync("start", db.Id, ("name", "db"));

        var all = await GetAsync<EventDto[]>("api/events");
        Assert.Equal([1L, 2, 3, 4], all.Select(e => e.Sequence));
        var webDeaths = await GetAsync<EventDto[]>("api/events?container=web&action=die&action=oom&type=container");
        Assert.Equal(["oom", "die"], webDeaths.Select(e => e.Action));
        Assert.Equal("true", webDeaths[1].Attributes["oomKilled"]);
        var after = await GetAsync<EventDto[]>("api/events?after=2");
        Assert.Equal([3L, 4], after.Select(e => e.Sequence));
        var none = await GetAsync<EventDto[]>("api/events?until=" + Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-1).ToString("O")));
        Assert.Empty(none);

        var bad = await ProblemAsync(await _host.Http.GetAsync("api/events?after=x&follow=maybe"), HttpStatusCode.BadRequest);
        Assert.Contains("after", bad.Errors!.Keys);
        Assert.Contains("follow", bad.Errors!.Keys);
    }

    [Fact]
    public async Task Events_follow_replays_after_a_sequence_then_streams_live_ones_once()
    {
        await _host.PublishAsync("create", "a");
        await _host.PublishAsync("start", "a");
        using var response = await _host.Http.GetAsync("api/events?follow=true&after=1", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(ContractJson.NdjsonMediaType, response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        async Task<EventDto> Next() =>
            JsonSerializer.Deserialize<EventDto>((await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10)))!, ContractJson.Options)!;

        var start = await Next();
        Assert.Equal(("start", 2L), (start.Action, start.Sequence));
        await _host.PublishAsync("die", "a");
        await _host.PublishAsync("destroy", "a");
        var die = await Next();
        var destroy = await Next();
        Assert.Equal([("die", 3L), ("destroy", 4L)], [(die.Action, die.Sequence), (destroy.Action, destroy.Sequence)]);
    }

    [Fact]
    public async Task Limits_update_applies_and_returns_the_container()
    {
        await _host.RunAsync("web");
        using var response = await _host.Http.PostAsJsonAsync("api/containers/web/limits", new LimitsUpdateDto { Memory = "300m", PidsLimit = 64 }, ContractJson.Options);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var detail = (await response.Content.ReadFromJsonAsync<ContainerDetailDto>(ContractJson.Options))!;
        Assert.Equal("web", detail.Name);
        var resources = _host.Engine.Get("web").Config.Resources;
        Assert.Equal((300L << 20, 64L), (resources.MemoryBytes!.Value, resources.PidsLimit!.Value));
    }

    [Fact]
    public async Task Limits_update_with_bad_input_is_a_problem()
    {
        await _host.RunAsync("web");
        var empty = await ProblemAsync(await _host.Http.PostAsJsonAsync("api/containers/web/limits", new LimitsUpdateDto(), ContractJson.Options), HttpStatusCode.BadRequest);
        Assert.Contains("at least one limit", empty.Detail);
        using var notJson = new StringContent("{memory:", System.Text.Encoding.UTF8, "application/json");
        await ProblemAsync(await _host.Http.PostAsync("api/containers/web/limits", notJson), HttpStatusCode.BadRequest);
        var invalid = await ProblemAsync(await _host.Http.PostAsJsonAsync("api/containers/web/limits", new LimitsUpdateDto { Memory = "lots" }, ContractJson.Options), HttpStatusCode.BadRequest);
        Assert.NotNull(invalid.Errors);
        await ProblemAsync(await _host.Http.PostAsJsonAsync("api/containers/nope/limits", new LimitsUpdateDto { Memory = "300m" }, ContractJson.Options), HttpStatusCode.NotFound);
    }
}
