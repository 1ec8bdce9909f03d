using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dashboard.Contracts.Events;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Dashboard.Benchmarks;

/// <summary>
/// `oom-latency` mode (tests/bench/stats-oom.sh): subscribes to /hubs/engine's Events stream over the daemon's unix
/// socket (server-sent events through a unix-socket SocketsHttpHandler, as dashctl does) and follows /dev/kmsg. For
/// each container "oom" event it prints (receive time - kernel OOM-kill time) in ms, then the same for that container's
/// "die" event ("oom die" per line; "nan" when no die came), all CLOCK_MONOTONIC: kmsg's timestamp field is
/// monotonic µs, and Stopwatch.GetTimestamp on Linux is CLOCK_MONOTONIC ns. Kill records are matched to events by the
/// victim pid when the event carries one, else in order. Writes "READY" to stderr once subscribed; stops after --count
/// containers had both events, or after --timeout seconds.
/// </summary>
public static class OomLatencyBench
{
    private sealed record Kill(long MonotonicMicros, int Pid);

    public static async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken ct)
    {
        string? socket = null;
        int count = 20, timeout = 120;
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            switch (args[i])
            {
                case "--socket": socket = args[i + 1]; break;
                case "--count": count = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                case "--timeout": timeout = int.Parse(args[i + 1], CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"unexpected argument '{args[i]}'");
            }
        }
        if (socket is null) throw new ArgumentException("missing --socket");
        if (Stopwatch.Frequency != 1_000_000_000) throw new InvalidOperationException("Stopwatch is not CLOCK_MONOTONIC ns");

        var startMicros = Stopwatch.GetTimestamp() / 1000;
        var kills = new List<Kill>();
        var kmsg = new Thread(() => FollowKmsg(startMicros, kills)) { IsBackground = true, Name = "kmsg" };
        kmsg.Start();

        await using var connection = new HubConnectionBuilder()
            .WithUrl(new Uri("http://localhost/hubs/engine"), o =>
            {
                o.Transports = HttpTransportType.ServerSentEvents | HttpTransportType.LongPolling;
                o.HttpMessageHandlerFactory = _ => UnixSocketHttp.Handler(socket);
            })
            .Build();
        await connection.StartAsync(ct);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var received = new List<(long Ns, EventDto Event)>();
        var dies = new Dictionary<string, long>(StringComparer.Ordinal);
        var stream = connection.StreamAsync<EventDto>("Events", null, null, deadline.Token);
        Console.Error.WriteLine("READY");
        deadline.CancelAfter(TimeSpan.FromSeconds(timeout));
        try
        {
            await foreach (var e in stream)
            {
                var now = Stopwatch.GetTimestamp();
                if (e.Type != "container") continue;
                if (e.Action == "oom") received.Add((now, e));
                else if (e.Action == "die" && e.Attributes.GetValueOrDefault("oomKilled") == "true") dies.TryAdd(e.ActorId, now);
                if (received.Count >= count && received.All(r => dies.ContainsKey(r.Event.ActorId))) break;
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            Console.Error.WriteLine($"timeout after {timeout} s with {received.Count} oom and {dies.Count} die events");
        }
        await Task.Delay(200, CancellationToken.None); // let the kmsg thread catch up with the last records

        var delays = new List<(double Oom, double? Die)>();
        Kill[] snapshot;
        lock (kills) snapshot = [.. kills];
        var used = new HashSet<Kill>();
        foreach (var (ns, e) in received)
        {
            Kill? kill = null;
            if (e.Attributes.TryGetValue("victimPid", out var text) && int.TryParse(text, out var pid))
                kill = snapshot.FirstOrDefault(k => k.Pid == pid && !used.Contains(k));
            kill ??= snapshot.FirstOrDefault(k => !used.Contains(k) && k.MonotonicMicros * 1000 <= ns);
            if (kill is null) { Console.Error.WriteLine($"no kmsg kill record for {e.ActorId[..12]}"); continue; }
            used.Add(kill);
            double? die = dies.TryGetValue(e.ActorId, out var dieNs) ? (dieNs - kill.MonotonicMicros * 1000) / 1e6 : null;
            delays.Add(((ns - kill.MonotonicMicros * 1000) / 1e6, die));
        }
        foreach (var (oom, die) in delays)
            Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{oom:F2} {(die is { } d ? d.ToString("F2", CultureInfo.InvariantCulture) : "nan")}"));
        Console.Error.WriteLine($"oom events {received.Count}, kmsg kills {snapshot.Length}, matched {delays.Count}");
        return delays.Count > 0 ? 0 : 1;
    }

    // /dev/kmsg: one record per read(2): "PRI,SEQ,MONO_USEC,FLAGS;message".
    private static void FollowKmsg(long startMicros, List<Kill> kills)
    {
        using var stream = new FileStream("/dev/kmsg", FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);
        var buffer = new byte[8192];
        const string marker = "Memory cgroup out of memory: Killed process ";
        while (true)
        {
            int n;
            try { n = stream.Read(buffer, 0, buffer.Length); }
            catch (IOException) { continue; } // EPIPE: records were overwritten before we read them
            if (n <= 0) return;
            var record = Encoding.ASCII.GetString(buffer, 0, n);
            var semi = record.IndexOf(';');
            if (semi < 0) continue;
            var head = record[..semi].Split(',');
            if (head.Length < 3 || !long.TryParse(head[2], out var micros) || micros < startMicros) continue;
            var at = record.IndexOf(marker, semi, StringComparison.Ordinal);
            if (at < 0) continue;
            var rest = record[(at + marker.Length)..];
            var end = rest.IndexOf(' ');
            if (end > 0 && int.TryParse(rest[..end], out var pid))
                lock (kills) kills.Add(new Kill(micros, pid));
        }
    }
}
