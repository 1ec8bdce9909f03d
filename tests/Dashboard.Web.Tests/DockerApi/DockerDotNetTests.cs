using Docker.DotNet;
using Docker.DotNet.Models;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>Docker.DotNet 3.125.15 (unversioned paths, no Upgrade header on attach) against the API.</summary>
public sealed class DockerDotNetTests : IAsyncLifetime
{
    private readonly DockerApiServer _server = new();
    private DockerClient _client = null!;

    public async Task InitializeAsync()
    {
        await _server.InitializeAsync();
        _client = new DockerClientConfiguration(new Uri(_server.DockerHost), defaultTimeout: TimeSpan.FromSeconds(20)).CreateClient();
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Create_start_inspect_logs_wait_remove()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var created = await _client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = "dd",
            Image = "busybox",
            Cmd = ["sh", "-c", "echo out; echo err >&2; sleep 0.3; exit 4"],
            HostConfig = new HostConfig { Memory = 64 * 1024 * 1024, NanoCPUs = 500_000_000, PidsLimit = 100 },
        }, timeout.Token);
        Assert.Matches("^[0-9a-f]{64}$", created.ID);
        var request = Assert.Single(_server.Engine.CreateRequests);
        Assert.Equal("67108864", request.Memory);
        Assert.Equal("0.5", request.Cpus);
        Assert.Equal(100, request.PidsLimit);

        var listed = await _client.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { ["dd"] = true } },
        }, timeout.Token);
        var summary = Assert.Single(listed);
        Assert.Equal(["/dd"], summary.Names);
        Assert.Equal("created", summary.State);

        Assert.True(await _client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), timeout.Token));
        // Already running: 304, which Docker.DotNet reports as false.
        Assert.False(await _client.Containers.StartContainerAsync("dd", new ContainerStartParameters(), timeout.Token));

        var inspect = await _client.Containers.InspectContainerAsync(created.ID, timeout.Token);
        Assert.Equal("/dd", inspect.Name);
        Assert.True(inspect.State.Running);
        Assert.Equal(64 * 1024 * 1024, inspect.HostConfig.Memory);
        Assert.Equal(500_000_000, inspect.HostConfig.NanoCPUs);

        var wait = await _client.Containers.WaitContainerAsync(created.ID, timeout.Token);
        Assert.Equal(4, wait.StatusCode);

        using var logs = await _client.Containers.GetContainerLogsAsync(created.ID, tty: false,
            new ContainerLogsParameters { ShowStdout = true, ShowStderr = true }, timeout.Token);
        var (stdout, stderr) = await logs.ReadOutputToEndAsync(timeout.Token);
        Assert.Equal("out\n", stdout);
        Assert.Equal("err\n", stderr);

        await _client.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true }, timeout.Token);
        Assert.Empty(await _client.Containers.ListContainersAsync(new ContainersListParameters { All = true }, timeout.Token));
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() =>
            _client.Containers.InspectContainerAsync(created.ID, timeout.Token));
    }

    [Fact]
    public async Task Attach_without_upgrade_streams_output_until_exit()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var created = await _client.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = "busybox",
            Cmd = ["sh", "-c", "echo one; sleep 0.2; echo two >&2"],
        }, timeout.Token);
        using var stream = await _client.Containers.AttachContainerAsync(created.ID, tty: false,
            new ContainerAttachParameters { Stream = true, Stdout = true, Stderr = true }, timeout.Token);
        await _client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), timeout.Token);
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(timeout.Token);
        Assert.Equal("one\n", stdout);
        Assert.Equal("two\n", stderr);
    }

    [Fact]
    public async Task Stop_and_versions()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var version = await _client.System.GetVersionAsync(timeout.Token);
        Assert.Equal("1.44", version.APIVersion);
        var info = await _client.System.GetSystemInfoAsync(timeout.Token);
        Assert.Equal(2, info.NCPU);
        Assert.Equal("overlay2", info.Driver);

        var created = await _client.Containers.CreateContainerAsync(new CreateContainerParameters { Image = "busybox", Cmd = ["sleep", "1000"] }, timeout.Token);
        await _client.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), timeout.Token);
        Assert.True(await _client.Containers.StopContainerAsync(created.ID, new ContainerStopParameters { WaitBeforeKillSeconds = 1 }, timeout.Token));
        Assert.False(await _client.Containers.StopContainerAsync(created.ID, new ContainerStopParameters(), timeout.Token));
        var images = await _client.Images.ListImagesAsync(new ImagesListParameters { All = true }, timeout.Token);
        Assert.Contains(images, i => i.RepoTags.Contains("busybox:latest"));
    }
}
