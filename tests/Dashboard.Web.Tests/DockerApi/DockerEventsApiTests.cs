using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>GET /events (replay, live follow, filters, moby's message shape) and POST /containers/{id}/update.</summary>
public sealed class DockerEventsApiTests : IAsyncLifetime
{
    private static readonly string IdA = new('a', 64);
    private static readonly string IdB = new('b', 64);
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

    private static Dictionary<string, string> Attrs(string name, params (string, string)[] extra)
    {
        var d = new Dictionary<string, string> { ["name"] = name, ["image"] = "busybox" };
        foreach (var (k, v) in extra) d[k] = v;
        return d;
    }

    private static long Unix(DateTimeOffset t) => t.ToUnixTimeSeconds();

    private void SeedHistory(DateTimeOffset start)
    {
        _server.EventStore.Seed(start.AddSeconds(1), "container", "create", IdA, Attrs("one"));
        _server.EventStore.Seed(start.AddSeconds(2), "container", "start", IdA, Attrs("one"));
        _server.EventStore.Seed(start.AddSeconds(3), "container", "limits-updated", IdA, Attrs("one", ("memory", "67108864")));
        _server.EventStore.Seed(start.AddSeconds(4), "container", "die", IdA, Attrs("one", ("exitCode", "137")));
        _server.EventStore.Seed(start.AddSeconds(5), "container", "create", IdB, Attrs("two"));
        _server.EventStore.Seed(start.AddSeconds(6), "image", "delete", "sha256:" + new string('c', 64), new Dictionary<string, string> { ["name"] = "old:1" });
    }

    private async Task<List<JsonElement>> EventsAsync(string query)
    {
        var text = await _http.GetStringAsync("/v1.44/events?" + query).WaitAsync(TimeSpan.FromSeconds(10));
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
    }

    [Fact]
    public async Task Since_and_until_replay_stored_events_in_moby_shape_and_end()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        SeedHistory(start);
        var events = await EventsAsync($"since={Unix(start)}&until={Unix(start.AddSeconds(30))}");

        Assert.Equal(["create", "start", "update", "die", "create", "delete"], events.Select(e => e.GetProperty("Action").GetString()));
        var die = events[3];
        Assert.Equal("container", die.GetProperty("Type").GetString());
        Assert.Equal(IdA, die.GetProperty("Actor").GetProperty("ID").GetString());
        Assert.Equal("137", die.GetProperty("Actor").GetProperty("Attributes").GetProperty("exitCode").GetString());
        Assert.Equal("one", die.GetProperty("Actor").GetProperty("Attributes").GetProperty("name").GetString());
        Assert.Equal("local", die.GetProperty("scope").GetString());
        Assert.Equal(Unix(start.AddSeconds(4)), die.GetProperty("time").GetInt64());
        Assert.Equal(die.GetProperty("time").GetInt64() * 1_000_000_000, die.GetProperty("timeNano").GetInt64() / 1_000_000_000 * 1_000_000_000);
        Assert.Equal("die", die.GetProperty("status").GetString());
        Assert.Equal(IdA, die.GetProperty("id").GetString());
        Assert.Equal("busybox", die.GetProperty("from").GetString());
        // Images get status and id but no "from", as in moby's backFillLegacy.
        Assert.False(events[5].TryGetProperty("from", out _));
        Assert.Equal("delete", events[5].GetProperty("status").GetString());
    }

    [Fact]
    public async Task Fractional_since_and_until_bound_the_replay()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        SeedHistory(start);
        var from = start.AddSeconds(1.5);
        var to = start.AddSeconds(4.5);
        var events = await EventsAsync($"since={Unix(from)}.500000000&until={Unix(to)}.500000000");
        Assert.Equal(["start", "update", "die"], events.Select(e => e.GetProperty("Action").GetString()));
    }

    [Theory]
    [InlineData("{\"event\":{\"die\":true}}", new[] { "die" })]
    [InlineData("{\"event\":{\"update\":true}}", new[] { "update" })]
    [InlineData("{\"type\":{\"image\":true}}", new[] { "delete" })]
    [InlineData("{\"container\":{\"two\":true}}", new[] { "create" })]
    [InlineData("{\"container\":{\"aaaa\":true},\"event\":[\"create\",\"die\"]}", new[] { "create", "die" })]
    [InlineData("{\"image\":{\"old\":true}}", new[] { "delete" })]
    [InlineData("{\"label\":{\"exitCode=137\":true}}", new[] { "die" })]
    public async Task Filters_select_events(string filters, string[] expected)
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-10);
        SeedHistory(start);
        var events = await EventsAsync($"since={Unix(start)}&until={Unix(start.AddSeconds(30))}&filters={Uri.EscapeDataString(filters)}");
        Assert.Equal(expected, events.Select(e => e.GetProperty("Action").GetString()));
    }

    [Fact]
    public async Task Unknown_filter_is_400()
    {
        using var response = await _http.GetAsync("/events?filters=" + Uri.EscapeDataString("{\"colour\":{\"red\":true}}"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Live_events_follow_the_replay_without_duplicates_and_headers_come_first()
    {
        var start = DateTimeOffset.UtcNow.AddMinutes(-1);
        _server.EventStore.Seed(start, "container", "create", IdA, Attrs("one"));
        using var response = await _http.GetAsync($"/events?since={Unix(start)}", HttpCompletionOption.ResponseHeadersRead)
            .WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var replayed = JsonDocument.Parse((await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5)))!).RootElement;
        Assert.Equal("create", replayed.GetProperty("Action").GetString());

        await _server.Events.PublishAsync("container", "start", IdA, Attrs("one"), CancellationToken.None);
        await _server.Events.PublishAsync("container", "oom", IdA, Attrs("one"), CancellationToken.None);
        var live1 = JsonDocument.Parse((await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5)))!).RootElement;
        var live2 = JsonDocument.Parse((await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(5)))!).RootElement;
        Assert.Equal("start", live1.GetProperty("Action").GetString());
        Assert.Equal("oom", live2.GetProperty("Action").GetString());
    }

    [Fact]
    public async Task A_future_until_ends_the_live_stream_then()
    {
        var until = DateTimeOffset.UtcNow.AddSeconds(1);
        var subscribers = _server.Events.SubscriberCount;
        var call = _http.GetStringAsync($"/events?until={Unix(until)}.{until.Millisecond:D3}");
        await Eventually.TrueAsync(() => _server.Events.SubscriberCount > subscribers, "the events request to subscribe");
        await _server.Events.PublishAsync("container", "kill", IdA, Attrs("one", ("signal", "9")), CancellationToken.None);
        var text = await call.WaitAsync(TimeSpan.FromSeconds(5));
        var line = Assert.Single(text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("\"Action\":\"kill\"", line);
    }

    [Fact]
    public async Task Update_maps_docker_resources_to_a_limits_update()
    {
        var c = await StatsSamples.RunAsync(_server.Engine, "tune");
        // The docker CLI sends every Resources field, zeros for flags not given.
        using var response = await _http.PostAsJsonAsync("/v1.44/containers/tune/update", new
        {
            CpuShares = 0, Memory = 64L << 20, MemorySwap = 0, NanoCpus = 500_000_000, CpuPeriod = 0, CpuQuota = 0,
            CpusetCpus = "", PidsLimit = 50, RestartPolicy = new { Name = "", MaximumRetryCount = 0 },
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{\"Warnings\":[]}", await response.Content.ReadAsStringAsync());
        var resources = _server.Engine.Get(c.Id).Config.Resources;
        Assert.Equal(64L << 20, resources.MemoryBytes);
        Assert.Equal(500_000_000L, resources.NanoCpus);
        Assert.Equal(50L, resources.PidsLimit);
    }

    [Fact]
    public async Task Update_errors_are_moby_statuses()
    {
        using var missing = await _http.PostAsJsonAsync("/containers/nosuch/update", new { Memory = 64L << 20 });
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await StatsSamples.RunAsync(_server.Engine, "tune");
        using var empty = await _http.PostAsJsonAsync("/containers/tune/update", new { Memory = 0 });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        using var tooSmall = await _http.PostAsJsonAsync("/containers/tune/update", new { Memory = 1024 });
        Assert.Equal(HttpStatusCode.BadRequest, tooSmall.StatusCode);
        Assert.Contains("message", await tooSmall.Content.ReadAsStringAsync());
    }
}
