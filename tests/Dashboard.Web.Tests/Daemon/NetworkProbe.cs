using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>What a network test looks at on the host: veth devices, a daemon's network namespaces and the firewall
/// rules that name one of its subnets or bridges (iptables-save: netavark's iptables driver).</summary>
public static class NetworkProbe
{
    public static async Task<string> RunAsync(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    /// <summary>The host's veth devices by name.</summary>
    public static async Task<HashSet<string>> VethsAsync() =>
        (await RunAsync("ip", "-o", "link", "show", "type", "veth")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(':')[1].Trim().Split('@')[0]).ToHashSet();

    public static string[] Netns(DaemonProcess daemon)
    {
        var dir = Path.Combine(daemon.RunRoot, "netns");
        return Directory.Exists(dir) ? Directory.GetFiles(dir) : [];
    }

    /// <summary>iptables rules (filter and nat) that mention any of <paramref name="needles"/>.</summary>
    public static async Task<List<string>> RulesAsync(params string[] needles) =>
        (await RunAsync("iptables-save")).Split('\n').Where(l => l.StartsWith("-A", StringComparison.Ordinal) && needles.Any(l.Contains)).ToList();

    public static async Task<bool> LinkExistsAsync(string name) => (await RunAsync("ip", "-o", "link", "show", name)).Contains(name);

    /// <summary>A TCP port free on 127.0.0.1 right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>An HTTP GET from the host, retried briefly while the server in the container starts.</summary>
    public static async Task<string> GetAsync(string url)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        Exception? last = null;
        for (var i = 0; i < 30; i++)
        {
            try { return await http.GetStringAsync(url); }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { last = e; await Task.Delay(100); }
        }
        throw new InvalidOperationException($"GET {url} never answered", last);
    }
}
