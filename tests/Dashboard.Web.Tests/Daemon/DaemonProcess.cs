using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>
/// The real daemon (Dashboard.Web.dll) as a child process with its own data root, run root, socket and cgroup
/// parent, so tests can kill -9 it and start it again over the same state. Disposing removes every container it
/// made (through its API), stops it, and removes its cgroup parent and temp dirs.
/// </summary>
public sealed class DaemonProcess : IAsyncDisposable
{
    private Process? _process;
    private readonly System.Text.StringBuilder _output = new();
    private readonly string _root = Directory.CreateTempSubdirectory("dash-daemon-").FullName;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly string? _dataRoot;
    // Kept over restarts: the default network's bridge and subnet are the daemon's for its whole life.
    private readonly IReadOnlyDictionary<string, string> _networkSettings = Dashboard.TestSupport.TestNetworks.DaemonEnvironment();

    public string CgroupParent { get; } = $"dashboard-wt-{Guid.NewGuid():N}"[..24];
    public string DataRoot => _dataRoot ?? Path.Combine(_root, "data");
    public string RunRoot => Path.Combine(_root, "run");
    public string Socket => Path.Combine(RunRoot, "dashboard.sock");
    public string DockerHost => $"unix://{Socket}";
    public int Pid => _process?.Id ?? 0;
    /// <summary>Everything the daemon printed so far (over restarts).</summary>
    public string Log { get { lock (_output) return _output.ToString(); } }
    public HttpClient Http { get; }

    private DaemonProcess(IReadOnlyDictionary<string, string>? settings, string? dataRoot)
    {
        _settings = settings ?? new Dictionary<string, string>();
        _dataRoot = dataRoot;
        Http = CreateHttpClient(TimeSpan.FromSeconds(60));
    }

    /// <summary>A client of the daemon's unix socket; <see cref="Http"/> is one with a 60 s timeout.</summary>
    public HttpClient CreateHttpClient(TimeSpan timeout) => new(new SocketsHttpHandler
    {
        ConnectCallback = async (_, token) =>
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(Socket), token);
            return new NetworkStream(socket, ownsSocket: true);
        },
    })
    { BaseAddress = new Uri("http://daemon"), Timeout = timeout };

    /// <param name="settings">Extra environment (Engine__ImageMaxUploadSize=...), kept for restarts.</param>
    /// <param name="dataRoot">A data root of the test's own (e.g. on a small file system it mounted); the test removes
    /// it. By default one under the daemon's temp directory.</param>
    public static async Task<DaemonProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null, string? dataRoot = null)
    {
        var daemon = new DaemonProcess(settings, dataRoot);
        await daemon.StartProcessAsync();
        return daemon;
    }

    public async Task StartProcessAsync()
    {
        var info = new ProcessStartInfo("dotnet", [DaemonDll()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = _root,
        };
        info.Environment["Engine__DataRoot"] = DataRoot;
        info.Environment["Engine__RunRoot"] = RunRoot;
        info.Environment["Engine__CgroupParent"] = CgroupParent;
        info.Environment["Engine__DefaultStopTimeoutSeconds"] = "2";
        info.Environment["Api__UnixSocket"] = Socket;
        info.Environment["Urls"] = "http://127.0.0.1:0";
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        foreach (var (key, value) in _networkSettings) info.Environment[key] = value;
        foreach (var (key, value) in _settings) info.Environment[key] = value;
        _process = Process.Start(info)!;
        var output = _output;
        _process.OutputDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (output) output.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"daemon exited with {_process.ExitCode}:\n{output}");
            try
            {
                using var ping = await Http.GetAsync("/_ping");
                if (ping.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            catch (IOException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException($"daemon did not answer on {Socket}:\n{output}");
    }

    /// <summary>The 127.0.0.1 port Kestrel bound for Urls=http://127.0.0.1:0, read from the daemon's latest
    /// "Now listening on: http://127.0.0.1:PORT" log line.</summary>
    public int TcpPort
    {
        get
        {
            string text;
            lock (_output) text = _output.ToString();
            // The last one: after a restart the daemon listens on a new port.
            var match = System.Text.RegularExpressions.Regex.Matches(text, @"Now listening on: http://127\.0\.0\.1:(\d+)").LastOrDefault();
            return match is not null ? int.Parse(match.Groups[1].Value)
                : throw new InvalidOperationException($"the daemon logged no TCP address:\n{text}");
        }
    }

    /// <summary>SIGKILL: no shutdown code runs, as in a crash.</summary>
    public void KillHard()
    {
        _process!.Kill(entireProcessTree: false);
        _process.WaitForExit(10_000);
    }

    /// <summary>SIGTERM, as systemd stops the daemon, and the exit code once it has exited (its shutdown code ran).</summary>
    public async Task<int> StopGracefullyAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            await kill.WaitForExitAsync();
        using var patience = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(patience.Token);
        return _process.ExitCode;
    }

    public async Task<JsonElement> GetJsonAsync(string path) =>
        await Http.GetFromJsonAsync<JsonElement>(path);

    /// <summary>The built daemon of this checkout (src/Dashboard.Web/bin/CONFIGURATION/net10.0/Dashboard.Web.dll).</summary>
    public static string DaemonDll()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Dashboard.sln"))) dir = dir.Parent;
        if (dir is null) throw new InvalidOperationException("repository root not found");
        var configuration = AppContext.BaseDirectory.Contains("/Release/") ? "Release" : "Debug";
        var dll = Path.Combine(dir.FullName, "src", "Dashboard.Web", "bin", configuration, "net10.0", "Dashboard.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("build Dashboard.Web first", dll);
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            try
            {
                var all = await GetJsonAsync("/containers/json?all=1");
                foreach (var container in all.EnumerateArray())
                    await Http.DeleteAsync($"/containers/{container.GetProperty("Id").GetString()}?force=1");
                // User networks: their bridges went with their last container; the rows go with the data root.
                await Http.PostAsync("/networks/prune", null);
            }
            catch (Exception) { /* keep cleaning */ }
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        Http.Dispose();
        // A runtime may still be deleting a child cgroup for a moment: retry before giving up.
        for (var attempt = 0; attempt < 10 && CgroupParentLeft(); attempt++)
        {
            if (attempt > 0) await Task.Delay(200);
            foreach (var hierarchy in Directory.GetDirectories("/sys/fs/cgroup"))
            {
                var parent = Path.Combine(hierarchy, CgroupParent);
                if (!Directory.Exists(parent)) continue;
                foreach (var child in Directory.GetDirectories(parent)) TryRmdir(child);
                TryRmdir(parent);
            }
        }
        UnmountUnder(DataRoot);
        UnmountUnder(RunRoot); // network namespaces of containers a killed daemon left (none when it was alive)
        try { Directory.Delete(_root, true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static void UnmountUnder(string root)
    {
        foreach (var line in File.ReadAllLines("/proc/self/mountinfo"))
        {
            var mountPoint = line.Split(' ')[4];
            if (mountPoint.StartsWith(root, StringComparison.Ordinal))
                Process.Start("umount", ["-l", mountPoint])?.WaitForExit();
        }
    }

    private bool CgroupParentLeft() =>
        Directory.GetDirectories("/sys/fs/cgroup").Any(h => Directory.Exists(Path.Combine(h, CgroupParent)));

    private static void TryRmdir(string path)
    {
        try { Directory.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
