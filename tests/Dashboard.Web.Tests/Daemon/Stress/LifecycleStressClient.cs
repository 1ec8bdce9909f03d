using System.Net;
using System.Text;

namespace Dashboard.Web.Tests.Daemon.Stress;

/// <summary>
/// One client of the stress test: until its deadline, a random lifecycle verb on a random one of a few shared names,
/// through the daemon's Docker API. Every answer outside 2xx/304/404/409 is recorded: a lost race is a 404 or a 409,
/// anything else (above all a 5xx) is a failure.
/// </summary>
internal sealed class LifecycleStressClient(DaemonProcess daemon, IReadOnlyList<string> names, int seed)
{
    private static readonly HashSet<HttpStatusCode> Acceptable =
    [
        HttpStatusCode.OK, HttpStatusCode.Created, HttpStatusCode.NoContent, HttpStatusCode.NotModified,
        HttpStatusCode.NotFound, HttpStatusCode.Conflict,
    ];

    // Long sleepers, quick exits (racing every verb), a restart policy and --rm, each written the way the CLI sends it.
    private static readonly string[] Bodies =
    [
        """{"Image":"busybox","Cmd":["sleep","3600"]}""",
        """{"Image":"busybox","Cmd":["sleep","3600"]}""",
        """{"Image":"busybox","Cmd":["sh","-c","sleep 0.$((RANDOM % 9)); exit 3"]}""",
        """{"Image":"busybox","Cmd":["sh","-c","sleep 0.3; exit 1"],"HostConfig":{"RestartPolicy":{"Name":"on-failure","MaximumRetryCount":2}}}""",
        """{"Image":"busybox","Cmd":["sh","-c","sleep 0.5"],"HostConfig":{"AutoRemove":true}}""",
    ];

    private static readonly string[] Verbs = ["create", "create", "start", "start", "stop", "kill", "rm", "restart", "pause", "unpause", "wait"];

    private readonly Random _random = new(seed);

    public List<string> Failures { get; } = [];
    public Dictionary<string, int> Counts { get; } = [];

    /// <summary>The first answer body seen for each verb and status, for the test's output.</summary>
    public Dictionary<string, string> Samples { get; } = [];

    public async Task RunAsync(DateTime deadline)
    {
        while (DateTime.UtcNow < deadline)
        {
            var name = names[_random.Next(names.Count)];
            var verb = Verbs[_random.Next(Verbs.Length)];
            try
            {
                var (status, body) = await SendAsync(verb, name);
                var key = $"{verb} {(int)status}";
                Counts[key] = Counts.GetValueOrDefault(key) + 1;
                Samples.TryAdd(key, body.Length > 200 ? body[..200] : body);
                if (!Acceptable.Contains(status)) Failures.Add($"{verb} {name}: {(int)status} {body}");
            }
            catch (OperationCanceledException) when (verb == "wait")
            {
                Counts["wait (gave up)"] = Counts.GetValueOrDefault("wait (gave up)") + 1;
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                Failures.Add($"{verb} {name}: {e.GetType().Name} {e.Message}");
            }
        }
    }

    private async Task<(HttpStatusCode, string)> SendAsync(string verb, string name)
    {
        var http = daemon.Http;
        if (verb == "wait")
        {
            // Waits end at the exit or after a while; a wait that outlives its container's removal must end too.
            using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            using var waited = await http.PostAsync($"/v1.44/containers/{name}/wait?condition=not-running", null, giveUp.Token);
            return (waited.StatusCode, await waited.Content.ReadAsStringAsync(giveUp.Token));
        }
        using var response = verb switch
        {
            "create" => await http.PostAsync($"/v1.44/containers/create?name={name}",
                new StringContent(Bodies[_random.Next(Bodies.Length)], Encoding.UTF8, "application/json")),
            "rm" => await http.DeleteAsync($"/v1.44/containers/{name}?force=1"),
            "stop" or "restart" => await http.PostAsync($"/v1.44/containers/{name}/{verb}?t=1", null),
            _ => await http.PostAsync($"/v1.44/containers/{name}/{verb}", null),
        };
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
