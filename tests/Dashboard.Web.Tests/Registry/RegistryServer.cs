using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Dashboard.Web.Tests.Daemon;

namespace Dashboard.Web.Tests.Registry;

/// <summary>
/// A real registry (Debian's docker-registry, the CNCF distribution registry) on a loopback port of its own with its
/// own temp storage, optionally with htpasswd basic auth. Images are put in with skopeo. Killed by its pid and its
/// storage deleted on dispose.
/// </summary>
public sealed class RegistryServer : IAsyncDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dash-registry-").FullName;
    private Process? _process;
    private readonly StringBuilder _log = new();

    public int Port { get; private set; }
    public string Host => $"127.0.0.1:{Port}";
    public string Storage => Path.Combine(_dir, "storage");
    public (string User, string Password)? Login { get; private init; }
    public string Log { get { lock (_log) return _log.ToString(); } }

    public static string? Missing() => Prerequisites.Tool("docker-registry") ?? Prerequisites.Tool("skopeo");

    public static async Task<RegistryServer> StartAsync(bool withAuth = false)
    {
        var server = new RegistryServer { Login = withAuth ? ("tester", "s3cret-pass") : null };
        await server.StartProcessAsync();
        return server;
    }

    private async Task StartProcessAsync()
    {
        Port = FreePort();
        var auth = "";
        if (Login is { } login)
        {
            // bcrypt entries are what the registry's htpasswd reader accepts; htpasswd (apache2-utils) makes them.
            var htpasswd = Path.Combine(_dir, "htpasswd");
            var made = await RunAsync("htpasswd", ["-Bbn", login.User, login.Password]);
            await File.WriteAllTextAsync(htpasswd, made);
            auth = $"auth:\n  htpasswd:\n    realm: test-realm\n    path: {htpasswd}\n";
        }
        var config = Path.Combine(_dir, "config.yml");
        await File.WriteAllTextAsync(config,
            "version: 0.1\nlog:\n  level: warn\n" +
            $"storage:\n  filesystem:\n    rootdirectory: {Storage}\n  delete:\n    enabled: true\n" +
            $"http:\n  addr: 127.0.0.1:{Port}\n" + auth);
        var info = new ProcessStartInfo(Prerequisites.Find("docker-registry")!, ["serve", config])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.ErrorDataReceived += (_, e) => { lock (_log) _log.AppendLine(e.Data); };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited) throw new InvalidOperationException($"docker-registry exited with {_process.ExitCode}:\n{Log}");
            try
            {
                using var response = await http.GetAsync($"http://{Host}/v2/");
                if (response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Unauthorized) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"docker-registry did not answer on {Host}:\n{Log}");
    }

    /// <summary>skopeo copy of a docker-archive (or any skopeo source) to REPO:TAG in this registry.</summary>
    public async Task PushAsync(string source, string repositoryAndTag, params string[] extra)
    {
        List<string> args = ["copy", "--quiet", "--dest-tls-verify=false"];
        if (Login is { } login) args.Add($"--dest-creds={login.User}:{login.Password}");
        args.AddRange(extra);
        args.Add(source);
        args.Add($"docker://{Host}/{repositoryAndTag}");
        await RunAsync("skopeo", args);
    }

    /// <summary>The blob file the registry serves for <paramref name="digest"/> (to corrupt it).</summary>
    public string BlobPath(string digest)
    {
        var hex = digest["sha256:".Length..];
        return Path.Combine(Storage, "docker", "registry", "v2", "blobs", "sha256", hex[..2], hex, "data");
    }

    /// <summary>GET /v2/... on the registry itself (with its credentials), for manifests and digests.</summary>
    public async Task<(byte[] Body, string? Digest)> GetAsync(string path, string accept)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{Host}{path}");
        request.Headers.Accept.ParseAdd(accept);
        if (Login is { } login)
            request.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{login.User}:{login.Password}")));
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync(),
            response.Headers.TryGetValues("Docker-Content-Digest", out var d) ? d.First() : null);
    }

    public static async Task<string> RunAsync(string tool, IEnumerable<string> args)
    {
        var info = new ProcessStartInfo(Prerequisites.Find(tool) ?? tool, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', args)} exited {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        Directory.Delete(_dir, recursive: true);
    }
}
