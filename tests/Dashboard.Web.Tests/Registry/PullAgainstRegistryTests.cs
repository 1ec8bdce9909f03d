using System.Text;
using System.Text.Json;
using Dashboard.Web.Tests.Daemon;

namespace Dashboard.Web.Tests.Registry;

/// <summary>docker pull and the pull docker run triggers, from a real registry on loopback into the real daemon,
/// through the real docker CLI. Containers run with --network none: networks are not what is tested here.</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class PullAgainstRegistryTests : IAsyncLifetime
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dash-pull-").FullName;
    private RegistryServer _registry = null!;
    private DaemonProcess _daemon = null!;
    private BusyboxArchive _image = null!;

    public async Task InitializeAsync()
    {
        Prerequisites.Require(DaemonPrerequisites.Missing(needsDockerCli: true) ?? RegistryServer.Missing(), "a registry and a daemon");
        _registry = await RegistryServer.StartAsync();
        _image = BusyboxArchive.Write(_dir, "one");
        await _registry.PushAsync($"docker-archive:{_image.Path}", "busybox:1");
        _daemon = await DaemonProcess.StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (_daemon is not null) await _daemon.DisposeAsync();
        if (_registry is not null) await _registry.DisposeAsync();
        Directory.Delete(_dir, recursive: true);
    }

    private string Ref(string rest) => $"{_registry.Host}/{rest}";

    private Task<DockerCli.Result> Docker(params string[] args) => DockerCli.RunAsync(_daemon.DockerHost, args);

    private async Task<string> Ok(params string[] args)
    {
        var result = await Docker(args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)} failed: {result}\ndaemon log:\n{_daemon.Log}");
        return result.Stdout;
    }

    private string LayersDirectory => Path.Combine(_daemon.DataRoot, "image", "layers");
    private string TempDirectory => Path.Combine(_daemon.DataRoot, "image", "tmp");

    [SkippableFact]
    public async Task Docker_pull_by_tag_shows_progress_and_gives_the_image_its_config_digest_as_id()
    {
        var output = await Ok("pull", Ref("busybox:1"));
        Assert.Contains("1: Pulling from busybox", output);
        Assert.Contains("Pull complete", output);
        var manifestDigest = (await _registry.GetAsync("/v2/busybox/manifests/1", "application/vnd.docker.distribution.manifest.v2+json")).Digest;
        Assert.Contains($"Digest: {manifestDigest}", output);
        Assert.Contains($"Status: Downloaded newer image for {Ref("busybox:1")}", output);

        Assert.Equal(_image.ConfigDigest, (await Ok("image", "inspect", "-f", "{{.Id}}", Ref("busybox:1"))).Trim());
        Assert.Equal(string.Join(" ", _image.DiffIds), (await Ok("image", "inspect", "-f", "{{join .RootFS.Layers \" \"}}", Ref("busybox:1"))).Trim());
        Assert.Equal("one", (await Ok("run", "--rm", "--network", "none", Ref("busybox:1"), "cat", "/etc/pulled")).Trim());

        await Ok("tag", Ref("busybox:1"), "retagged:1");
        Assert.Equal(_image.ConfigDigest, (await Ok("image", "inspect", "-f", "{{.Id}}", "retagged:1")).Trim());

        var again = await Ok("pull", Ref("busybox:1"));
        Assert.Contains($"Status: Image is up to date for {Ref("busybox:1")}", again);
        Assert.Empty(Directory.EnumerateFileSystemEntries(TempDirectory));
    }

    [SkippableFact]
    public async Task Docker_run_of_a_missing_image_pulls_it_first()
    {
        var result = await Docker("run", "--rm", "--network", "none", Ref("busybox:1"), "cat", "/etc/pulled");
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Unable to find image '{Ref("busybox:1")}' locally", result.Stderr);
        Assert.Contains("Pull complete", result.Stderr);
        Assert.Equal("one\n", result.Stdout);
    }

    [SkippableFact]
    public async Task Pull_by_digest_fetches_that_manifest()
    {
        var digest = (await _registry.GetAsync("/v2/busybox/manifests/1", "application/vnd.docker.distribution.manifest.v2+json")).Digest!;
        var output = await Ok("pull", Ref("busybox@" + digest));
        Assert.Contains($"Digest: {digest}", output);
        var images = await _daemon.GetJsonAsync("/v1.44/images/json");
        Assert.Contains(images.EnumerateArray(), i => i.GetProperty("Id").GetString() == _image.ConfigDigest);

        var wrong = "sha256:" + new string('0', 64);
        var missing = await Docker("pull", Ref("busybox@" + wrong));
        Assert.NotEqual(0, missing.ExitCode);
        Assert.Contains("not found", missing.Stderr);
    }

    [SkippableFact]
    public async Task A_missing_tag_or_repository_is_a_clear_not_found()
    {
        var tag = await Docker("pull", Ref("busybox:nope"));
        Assert.Equal(1, tag.ExitCode);
        Assert.Contains($"manifest for {Ref("busybox:nope")} not found: manifest unknown", tag.Stderr);

        var run = await Docker("run", "--rm", "--network", "none", Ref("nosuchrepo:1"));
        Assert.Equal(125, run.ExitCode);
        Assert.Contains("Unable to find image", run.Stderr);
        Assert.Contains("nosuchrepo", run.Stderr);
        Assert.DoesNotContain("{\"", run.Stderr);
    }

    [SkippableFact]
    public async Task A_blob_that_does_not_match_its_digest_is_refused_and_nothing_is_recorded()
    {
        var manifest = JsonDocument.Parse((await _registry.GetAsync("/v2/busybox/manifests/1", "application/vnd.docker.distribution.manifest.v2+json")).Body);
        var top = manifest.RootElement.GetProperty("layers")[1].GetProperty("digest").GetString()!;
        var blob = _registry.BlobPath(top);
        var bytes = await File.ReadAllBytesAsync(blob);
        bytes[^10] ^= 0xff; // same size, different content
        await File.WriteAllBytesAsync(blob, bytes);
        var layersBefore = Directory.GetDirectories(LayersDirectory).Length;

        var result = await Docker("pull", Ref("busybox:1"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("verification failed", result.Stderr + result.Stdout);
        Assert.DoesNotContain(_image.ConfigDigest[7..19], await Ok("images", "-q", "--no-trunc"));
        Assert.Equal(layersBefore, Directory.GetDirectories(LayersDirectory).Length);
        await Eventually.TrueAsync(() => !Directory.EnumerateFileSystemEntries(TempDirectory).Any(), "the pull's temp files are gone");
    }

    [SkippableFact]
    public async Task The_pull_event_is_published()
    {
        var since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1;
        await Ok("pull", Ref("busybox:1"));
        var until = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1;
        var events = await Ok("events", "--since", since.ToString(), "--until", until.ToString(), "--filter", "type=image", "--format", "{{.Action}} {{.Actor.ID}}");
        Assert.Contains($"pull {Ref("busybox:1")}", events);
    }

    [SkippableFact]
    public async Task A_multi_platform_index_gives_this_hosts_image_and_another_platform_on_request()
    {
        var layout = OciLayout.Write(_dir, "multi", ("arm64", "arm"), ("amd64", "amd"));
        await _registry.PushAsync($"oci:{layout}:multi", "multi:1", "--all");
        var index = JsonDocument.Parse((await _registry.GetAsync("/v2/multi/manifests/1", "application/vnd.oci.image.index.v1+json")).Body);
        Assert.Equal(2, index.RootElement.GetProperty("manifests").GetArrayLength());

        await Ok("pull", Ref("multi:1"));
        Assert.Equal("amd64 amd", (await Ok("image", "inspect", "-f", "{{.Architecture}} {{index .Config.Labels \"marker\"}}", Ref("multi:1"))).Trim());
        Assert.Equal("amd", (await Ok("run", "--rm", "--network", "none", Ref("multi:1"), "cat", "/etc/pulled")).Trim());

        await Ok("pull", "--platform", "linux/arm64", Ref("multi:1"));
        Assert.Equal("arm64 arm", (await Ok("image", "inspect", "-f", "{{.Architecture}} {{index .Config.Labels \"marker\"}}", Ref("multi:1"))).Trim());

        var none = await Docker("pull", "--platform", "linux/s390x", Ref("multi:1"));
        Assert.Equal(1, none.ExitCode);
        Assert.Contains("no matching manifest for linux/s390x", none.Stderr);
    }

    [SkippableFact]
    public async Task An_oci_image_with_zstd_layers_is_pulled()
    {
        var zstd = BusyboxArchive.Write(_dir, "squeezed");
        await _registry.PushAsync($"docker-archive:{zstd.Path}", "busybox:zstd", "--format", "oci", "--dest-compress-format", "zstd");
        var manifest = Encoding.UTF8.GetString((await _registry.GetAsync("/v2/busybox/manifests/zstd", "application/vnd.oci.image.manifest.v1+json")).Body);
        Assert.Contains("tar+zstd", manifest);
        // skopeo rewrote the config as an OCI config: the image id is that config's digest.
        var configDigest = JsonDocument.Parse(manifest).RootElement.GetProperty("config").GetProperty("digest").GetString();

        await Ok("pull", Ref("busybox:zstd"));
        Assert.Equal(configDigest, (await Ok("image", "inspect", "-f", "{{.Id}}", Ref("busybox:zstd"))).Trim());
        Assert.Equal(string.Join(" ", zstd.DiffIds), (await Ok("image", "inspect", "-f", "{{join .RootFS.Layers \" \"}}", Ref("busybox:zstd"))).Trim());
        Assert.Equal("squeezed", (await Ok("run", "--rm", "--network", "none", Ref("busybox:zstd"), "cat", "/etc/pulled")).Trim());
    }
}
