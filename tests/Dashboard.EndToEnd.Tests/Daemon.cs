using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Dashboard.EndToEnd.Tests;

/// <summary>
/// The real daemon (src/Dashboard.Web's build output) as a child process with its own data root, run root, socket and
/// cgroup parent (the minimal part of Web.Tests' DaemonProcess). Disposing removes its containers, stops it and
/// removes what it left on the host.
/// </summary>
public sealed partial class Daemon : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _log = new();
    private readonly string _root = Directory.CreateTempSubdirectory("dash-e2e-").FullName;
    private readonly string _cgroupParent = $"dashboard-e2e-{Guid.NewGuid():N}"[..24];

    public HttpClient Socket { get; }
    public string SocketPath => Path.Combine(_root, "run", "dashboard.sock");
    /// <summary>The first-run setup link the daemon printed; its origin is the TCP base URL.</summary>
    public Uri SetupLink { get; private set; } = null!;
    public Uri BaseUrl => new(SetupLink.GetLeftPart(UriPartial.Authority));
    public string Log { get { lock (_log) return _log.ToString(); } }

    private Daemon()
    {
        var info = new ProcessStartInfo("dotnet", [DaemonDll()]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _root };
        info.Environment["Engine__DataRoot"] = Path.Combine(_root, "data");
        info.Environment["Engine__RunRoot"] = Path.Combine(_root, "run");
        info.Environment["Engine__CgroupParent"] = _cgroupParent;
        info.Environment["Engine__DefaultStopTimeoutSeconds"] = "1";
        info.Environment["Api__UnixSocket"] = SocketPath;
        info.Environment["Urls"] = "http://127.0.0.1:0";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in Dashboard.TestSupport.TestNetworks.DaemonEnvironment()) info.Environment[key] = value;
        // Open circuits re-check their session every 2 s here (30 s by default), so the test sees a logout land fast.
        info.Environment["Access__RevalidationInterval"] = "00:00:02";
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Socket = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(SocketPath), ct);
                return new NetworkStream(socket, ownsSocket: true);
            },
        }) { BaseAddress = new Uri("http://daemon"), Timeout = TimeSpan.FromSeconds(60) };
    }

    public static async Task<Daemon> StartAsync()
    {
        var daemon = new Daemon();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (DateTime.UtcNow < deadline)
            {
                if (daemon._process.HasExited) throw new InvalidOperationException($"daemon exited with {daemon._process.ExitCode}:\n{daemon.Log}");
                if (SetupLinkPattern().Match(daemon.Log) is { Success: true } match)
                {
                    daemon.SetupLink = new Uri(match.Value);
                    return daemon;
                }
                await Task.Delay(200);
            }
            throw new TimeoutException($"the daemon printed no setup link:\n{daemon.Log}");
        }
        catch
        {
            await daemon.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates and starts a busybox container through the trusted unix socket (Docker API); returns its id.</summary>
    public async Task<string> RunContainerAsync(string name)
    {
        var create = await Socket.PostAsJsonAsync($"/v1.44/containers/create?name={name}",
            new { Image = "busybox:latest", Cmd = new[] { "sleep", "300" } });
        create.EnsureSuccessStatusCode();
        var id = (await create.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("Id").GetString()!;
        (await Socket.PostAsync($"/v1.44/containers/{id}/start", null)).EnsureSuccessStatusCode();
        return id;
    }

    private static string DaemonDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dashboard.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("repository root not found");
        var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        var dll = Path.Combine(dir.FullName, "src", "Dashboard.Web", "bin", configuration, "net10.0", "Dashboard.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build Dashboard.Web first", dll);
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/setup\?token=[A-Za-z0-9_-]+")]
    private static partial Regex SetupLinkPattern();

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                var all = await Socket.GetFromJsonAsync<JsonElement>("/containers/json?all=1");
                foreach (var c in all.EnumerateArray()) await Socket.DeleteAsync($"/containers/{c.GetProperty("Id").GetString()}?force=1");
            }
            catch (Exception) { /* keep cleaning */ }
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        Socket.Dispose();
        foreach (var hierarchy in Directory.GetDirectories("/sys/fs/cgroup"))
        {
            var parent = Path.Combine(hierarchy, _cgroupParent);
            if (!Directory.Exists(parent)) continue;
            foreach (var child in Directory.GetDirectories(parent)) TryRmdir(child);
            TryRmdir(parent);
        }
        foreach (var line in File.ReadAllLines("/proc/self/mountinfo"))
        {
            var mountPoint = line.Split(' ')[4];
            if (mountPoint.StartsWith(_root, StringComparison.Ordinal)) Process.Start("umount", ["-l", mountPoint])?.WaitForExit();
        }
        try { Directory.Delete(_root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void TryRmdir(string path)
    {
        try { Directory.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
