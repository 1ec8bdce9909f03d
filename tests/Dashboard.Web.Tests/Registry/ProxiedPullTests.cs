using System.Text.Json;
using Dashboard.Web.Tests.Daemon;

namespace Dashboard.Web.Tests.Registry;

/// <summary>Pulls through a counting, stalling proxy in front of a real registry: which blobs are fetched, and what
/// a pull cut off by its client leaves behind.</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class ProxiedPullTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dash-proxied-").FullName;
    private RegistryServer _registry = null!;
    private RegistryProxy _proxy = null!;
    private DaemonProcess _daemon = null!;

    public async Task InitializeAsync()
    {
        Prerequisites.Require(DaemonPrerequisites.Missing(needsDockerCli: true) ?? RegistryServer.Missing(), "a registry and a daemon");
        _registry = await RegistryServer.StartAsync();
        await _registry.PushAsync($"docker-archive:{BusyboxArchive.Write(_dir, "one").Path}", "busybox:1");
        await _registry.PushAsync($"docker-archive:{BusyboxArchive.Write(_dir, "two").Path}", "busybox:2");
        _proxy = await RegistryProxy.StartAsync(_registry.Host);
        _daemon = await DaemonProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_daemon is not null) await _daemon.DisposeAsync();
        if (_proxy is not null) await _proxy.DisposeAsync();
        if (_registry is not null) await _registry.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private async Task<string[]> LayerDigestsAsync(string tag)
    {
        using var manifest = JsonDocument.Parse((await _registry.GetAsync($"/v2/busybox/manifests/{tag}", "application/vnd.docker.distribution.manifest.v2+json")).Body);
        return manifest.RootElement.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("digest").GetString()!).ToArray();
    }

    private async Task<string> Ok(params string[] args)
    {
        var result = await DockerCli.RunAsync(_daemon.DockerHost, args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)} failed: {result}\ndaemon log:\n{_daemon.Log}");
        return result.Stdout;
    }

    [SkippableFact]
    public async Task Concurrent_pulls_fetch_each_layer_once_and_a_shared_layer_is_not_fetched_again()
    {
        var one = await LayerDigestsAsync("1");
        var two = await LayerDigestsAsync("2");
        Assert.Equal(one[0], two[0]); // the busybox base layer is shared
        _proxy.BlobDelay = TimeSpan.FromSeconds(1); // both pulls are in flight at once

        var first = Ok("pull", $"{_proxy.Host}/busybox:1");
        var second = Ok("pull", $"{_proxy.Host}/busybox:1");
        await Task.WhenAll(first, second);
        Assert.All(one, d => Assert.Equal(1, _proxy.BlobGets(d)));

        var output = await Ok("pull", $"{_proxy.Host}/busybox:2");
        Assert.Contains($"{one[0][7..19]}: Already exists", output);
        Assert.Equal(1, _proxy.BlobGets(two[0]));
        Assert.Equal(1, _proxy.BlobGets(two[1]));
        Assert.Equal("two", (await Ok("run", "--rm", "--network", "none", $"{_proxy.Host}/busybox:2", "cat", "/etc/pulled")).Trim());
    }

    [SkippableFact]
    public async Task A_pull_whose_client_goes_away_stops_downloading_and_leaves_nothing()
    {
        var layers = Path.Combine(_daemon.DataRoot, "image", "layers");
        var before = Directory.GetDirectories(layers).Select(Path.GetFileName).ToHashSet();
        _proxy.StallBlobsAfter = 1000;
        using var client = _daemon.CreateHttpClient(TimeSpan.FromSeconds(60));
        using var cancel = new CancellationTokenSource();
        var pull = Task.Run(async () =>
        {
            using var response = await client.PostAsync($"/v1.44/images/create?fromImage={Uri.EscapeDataString(_proxy.Host + "/busybox")}&tag=1", null, cancel.Token);
            await using var body = await response.Content.ReadAsStreamAsync(cancel.Token);
            await body.CopyToAsync(Stream.Null, cancel.Token);
        });
        await _proxy.Stalled.Task.WaitAsync(TimeSpan.FromSeconds(30));
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => pull);

        // The daemon hangs up on the registry, deletes what it had unpacked and records nothing.
        await _proxy.StalledClientGone.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var tmp = Path.Combine(_daemon.DataRoot, "image", "tmp");
        await Eventually.TrueAsync(() => !Directory.EnumerateFileSystemEntries(tmp).Any(), "the pull's temp directories are deleted");
        Assert.Equal(before, Directory.GetDirectories(layers).Select(Path.GetFileName).ToHashSet());
        var images = await Ok("images", "--format", "{{.Repository}}");
        Assert.DoesNotContain(_proxy.Host, images);
    }

    /// <summary>docker.io names ("busybox:1" is docker.io/library/busybox:1) go to the configured mirror first; the
    /// mirror here is the proxy in front of the loopback registry, so nothing leaves the machine.</summary>
    [SkippableFact]
    public async Task A_docker_io_name_is_pulled_from_the_configured_mirror()
    {
        await _registry.PushAsync($"docker-archive:{BusyboxArchive.Write(_dir, "mirrored").Path}", "library/busybox:mirrored");
        await using var daemon = await DaemonProcess.StartAsync(new Dictionary<string, string> { ["Engine__Registry__Mirrors__0"] = $"http://{_proxy.Host}" });
        var result = await DockerCli.RunAsync(daemon.DockerHost, "pull", "busybox:mirrored");
        Assert.True(result.ExitCode == 0, $"{result}\n{daemon.Log}");
        Assert.Contains("mirrored: Pulling from library/busybox", result.Stdout);
        Assert.Contains("Status: Downloaded newer image for busybox:mirrored", result.Stdout);
        Assert.True(_proxy.Gets.Keys.Any(k => k.StartsWith("blobs/", StringComparison.Ordinal)), "the blobs came through the mirror");
        var run = await DockerCli.RunAsync(daemon.DockerHost, "run", "--rm", "--network", "none", "docker.io/library/busybox:mirrored", "cat", "/etc/pulled");
        Assert.Equal("mirrored\n", run.Stdout);
    }
}
