using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Channels;
using Dashboard.Contracts.Events;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Benchmarks;

/// <summary>
/// `exit-latency` mode (tests/bench/stats-oom.sh): how long after a container's process ends its "die" event reaches
/// a subscriber, and whether a client that waited finds it. For each of --count containers (`sleep 3600` of --image,
/// created and started through the Docker API over the unix socket), it reads the process's pid from inspect,
/// SIGKILLs it and prints (receive time of the "die" on /hubs/engine Events - the time just before kill(2)) in ms, both
/// CLOCK_MONOTONIC. A POST /containers/{id}/wait sent before the kill (as `docker run` waits) is answered, and right
/// after the answer GET /events?since..until=now filtered on the container, as `docker wait X; docker events --since
/// 1m --until 0s --filter container=X` does; a reply without the die is counted and reported on stderr (the run then
/// exits 1).
/// </summary>
public static class ExitLatencyBench
{
    private const int SigKill = 9;

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        string? socket = null;
        string image = "benchbb:latest", prefix = $"exitbench{Environment.ProcessId}";
        var count = 20;
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "--socket": socket = args[i + 1]; break;
                case "--image": image = args[i + 1]; break;
                case "--name-prefix": prefix = args[i + 1]; break;
                case "--count": count = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unexpected argument '{args[i]}'");
            }
        }
        if (socket is null) throw new ArgumentException("missing --socket");
        if (Stopwatch.Frequency != 1_000_000_000) throw new InvalidOperationException("Stopwatch is not CLOCK_MONOTONIC ns");

        using var api = UnixSocketHttp.Client(socket);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri("http://localhost/hubs/engine"), o =>
            {
                o.Transports = HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => UnixSocketHttp.Handler(socket);
            })
            .Build();
        await hub.StartAsync(ct);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var dies = Channel.CreateUnbounded<(long Ns, string Id)>();
        var reader = Task.Run(async () =>
        {
            try
            {
                await foreach (var e in hub.StreamAsync<EventDto>("Events", null, null, stop.Token))
                {
                    var now = Stopwatch.GetTimestamp();
                    if (e is { Type: "container", Action: "die" }) dies.Writer.TryWrite((now, e.ActorId));
                }
            }
            catch (OperationCanceledException) { }
        }, CancellationToken.None);

        var missing = 0;
        var body = JsonContent.Create(new { Image = image, Cmd = new[] { "sleep", "3600" }, HostConfig = new { NetworkMode = "none" } });
        for (var i = 1; i <= count; i++)
        {
            var name = $"{prefix}-{i}";
            var created = await api.PostAsync($"v1.44/containers/create?name={name}", body, ct);
            created.EnsureSuccessStatusCode();
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("Id").GetString()!;
            try
            {
                (await api.PostAsync($"v1.44/containers/{id}/start", null, ct)).EnsureSuccessStatusCode();
                var inspect = await api.GetFromJsonAsync<JsonElement>($"v1.44/containers/{id}/json", ct);
                var pid = inspect.GetProperty("State").GetProperty("Pid").GetInt32();
                await Task.Delay(100, ct); // past the start's own bookkeeping
                // Waiting before the kill, as `docker run` does: the wait must not return before the die is stored.
                var waited = api.PostAsync($"v1.44/containers/{id}/wait", null, ct);
                await Task.Delay(50, ct);
                var since = DateTimeOffset.UtcNow.AddMinutes(-1).ToUnixTimeSeconds();
                var killedAt = Stopwatch.GetTimestamp();
                if (kill(pid, SigKill) != 0) throw new InvalidOperationException($"kill {pid}: errno {Marshal.GetLastPInvokeError()}");

                (await waited).EnsureSuccessStatusCode();
                // Full precision: an until cut to the millisecond can fall before a die stamped in that millisecond.
                var ticks = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks;
                var filters = Uri.EscapeDataString(JsonSerializer.Serialize(new Dictionary<string, string[]> { ["container"] = [id] }));
                var events = await api.GetStringAsync(
                    string.Create(CultureInfo.InvariantCulture, $"v1.44/events?since={since}&until={ticks / TimeSpan.TicksPerSecond}.{ticks % TimeSpan.TicksPerSecond * 100:D9}&filters={filters}"), ct);
                if (!events.Contains("\"status\":\"die\"", StringComparison.Ordinal))
                {
                    missing++;
                    Console.Error.WriteLine($"{id[..12]}: the events query right after wait has no die");
                }

                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
                timeout.CancelAfter(TimeSpan.FromSeconds(30));
                var (dieNs, _) = await ReadDieAsync(dies.Reader, id, timeout.Token);
                Console.Out.WriteLine(((dieNs - killedAt) / 1e6).ToString("F2", CultureInfo.InvariantCulture));
            }
            finally
            {
                await api.DeleteAsync($"v1.44/containers/{id}?force=1", CancellationToken.None);
            }
        }
        await stop.CancelAsync();
        await reader;
        Console.Error.WriteLine($"exits {count}, events queries after wait without the die: {missing}");
        return missing == 0 ? 0 : 1;
    }

    private static async Task<(long Ns, string Id)> ReadDieAsync(ChannelReader<(long Ns, string Id)> dies, string id, CancellationToken ct)
    {
        while (true)
        {
            var die = await dies.ReadAsync(ct);
            if (die.Id == id) return die;
        }
    }

    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);
}
