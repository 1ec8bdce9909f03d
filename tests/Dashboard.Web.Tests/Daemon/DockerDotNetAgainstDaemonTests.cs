using Docker.DotNet;
using Docker.DotNet.Models;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>Docker.DotNet, a third-party Docker API client, against the real daemon socket.</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class DockerDotNetAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>
{
    private static DockerClient Client(DaemonProcess d) =>
        new DockerClientConfiguration(new Uri(d.DockerHost), defaultTimeout: TimeSpan.FromSeconds(60)).CreateClient();

    [SkippableFact]
    public async Task Version_and_images()
    {
        var d = fixture.RequireDaemon();
        using var docker = Client(d);
        var version = await docker.System.GetVersionAsync();
        Assert.Equal("1.44", version.APIVersion);
        Assert.Equal("linux", version.Os);
        var images = await docker.Images.ListImagesAsync(new ImagesListParameters { All = true });
        var busybox = Assert.Single(images, i => i.RepoTags?.Contains("busybox:latest") == true);
        Assert.StartsWith("sha256:", busybox.ID);
    }

    [SkippableFact]
    public async Task Create_start_inspect_logs_wait_remove()
    {
        var d = fixture.RequireDaemon();
        using var docker = Client(d);
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = "edge-dotnet",
            Image = "busybox",
            Cmd = ["sh", "-c", "echo out-line; echo err-line >&2; sleep 1; exit 7"],
            HostConfig = new HostConfig { Memory = 128L * 1024 * 1024, NanoCPUs = 500_000_000 },
        });
        Assert.Matches("^[0-9a-f]{64}$", created.ID);
        try
        {
            Assert.True(await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters()));
            var inspect = await docker.Containers.InspectContainerAsync(created.ID);
            Assert.True(inspect.State.Running);
            Assert.True(inspect.State.Pid > 0);
            Assert.True(Directory.Exists($"/proc/{inspect.State.Pid}"));
            Assert.Equal("/edge-dotnet", inspect.Name);
            Assert.Equal(128L * 1024 * 1024, inspect.HostConfig.Memory);
            Assert.Equal(500_000_000, inspect.HostConfig.NanoCPUs);
            Assert.Equal("50000", File.ReadAllText($"/sys/fs/cgroup/cpu/{d.CgroupParent}/{created.ID}/cpu.cfs_quota_us").Trim());

            var wait = await docker.Containers.WaitContainerAsync(created.ID);
            Assert.Equal(7, wait.StatusCode);

            using var logs = await docker.Containers.GetContainerLogsAsync(created.ID, tty: false,
                new ContainerLogsParameters { ShowStdout = true, ShowStderr = true });
            var (stdout, stderr) = await logs.ReadOutputToEndAsync(CancellationToken.None);
            Assert.Equal("out-line\n", stdout);
            Assert.Equal("err-line\n", stderr);

            var exited = await docker.Containers.InspectContainerAsync(created.ID);
            Assert.False(exited.State.Running);
            Assert.Equal(7, exited.State.ExitCode);
        }
        finally
        {
            await docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
        }
        await Assert.ThrowsAsync<DockerContainerNotFoundException>(() => docker.Containers.InspectContainerAsync(created.ID));
        Assert.Empty(await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true }));
    }

    [SkippableFact]
    public async Task Bad_input_surfaces_as_a_docker_api_error_with_the_daemon_message()
    {
        var d = fixture.RequireDaemon();
        using var docker = Client(d);
        var error = await Assert.ThrowsAsync<DockerApiException>(() => docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = "busybox",
            HostConfig = new HostConfig { Memory = 4 * 1024 * 1024 },
        }));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Contains("Minimum memory limit allowed is 6MB", error.ResponseBody);
        await Assert.ThrowsAsync<DockerImageNotFoundException>(() => docker.Containers.CreateContainerAsync(
            new CreateContainerParameters { Image = "edge-nosuch:9" }));
        Assert.Empty(await docker.Containers.ListContainersAsync(new ContainersListParameters { All = true }));
    }

    [SkippableFact]
    public async Task Shared_and_host_namespaces_round_trip_through_create_and_inspect()
    {
        var d = fixture.RequireDaemon();
        using var docker = Client(d);
        var target = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = "ns-target", Image = "busybox", Cmd = ["sleep", "300"],
        });
        var joiner = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = "ns-joiner", Image = "busybox", Cmd = ["sleep", "300"],
            HostConfig = new HostConfig { NetworkMode = "container:ns-target", PidMode = "container:ns-target", IpcMode = "container:ns-target" },
        });
        var onHost = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Name = "ns-host", Image = "busybox", Cmd = ["sleep", "300"],
            HostConfig = new HostConfig { PidMode = "host", IpcMode = "host", UTSMode = "host" },
        });
        try
        {
            var joined = (await docker.Containers.InspectContainerAsync(joiner.ID)).HostConfig;
            Assert.Equal("container:" + target.ID, joined.NetworkMode);
            Assert.Equal("container:" + target.ID, joined.PidMode);
            Assert.Equal("container:" + target.ID, joined.IpcMode);
            Assert.Equal("", joined.UTSMode);
            var host = (await docker.Containers.InspectContainerAsync(onHost.ID)).HostConfig;
            // No NetworkMode asked for: the default network, as in Docker.
            Assert.Equal(("bridge", "host", "host", "host"), (host.NetworkMode, host.PidMode, host.IpcMode, host.UTSMode));
            var plain = (await docker.Containers.InspectContainerAsync(target.ID)).HostConfig;
            Assert.Equal(("bridge", "", "private", ""), (plain.NetworkMode, plain.PidMode, plain.IpcMode, plain.UTSMode));

            // Start order matters: the target first, then the joiner enters its namespaces.
            var refused = await Assert.ThrowsAsync<DockerApiException>(() => docker.Containers.StartContainerAsync(joiner.ID, new ContainerStartParameters()));
            Assert.Equal(System.Net.HttpStatusCode.Conflict, refused.StatusCode);
            Assert.Contains("cannot join the network namespace of ns-target: it is not running", refused.ResponseBody);
            Assert.Equal("created", (await docker.Containers.InspectContainerAsync(joiner.ID)).State.Status);

            await docker.Containers.StartContainerAsync(target.ID, new ContainerStartParameters());
            await docker.Containers.StartContainerAsync(joiner.ID, new ContainerStartParameters());
            await docker.Containers.StartContainerAsync(onHost.ID, new ContainerStartParameters());
            var targetPid = (await docker.Containers.InspectContainerAsync(target.ID)).State.Pid;
            var joinerPid = (await docker.Containers.InspectContainerAsync(joiner.ID)).State.Pid;
            var hostPid = (await docker.Containers.InspectContainerAsync(onHost.ID)).State.Pid;
            foreach (var type in new[] { "net", "pid", "ipc" })
                Assert.Equal(Ns(targetPid, type), Ns(joinerPid, type));
            Assert.NotEqual(Ns(targetPid, "uts"), Ns(joinerPid, "uts"));
            foreach (var type in new[] { "pid", "ipc", "uts" })
                Assert.Equal(Ns(Environment.ProcessId, type), Ns(hostPid, type));
            Assert.NotEqual(Ns(Environment.ProcessId, "net"), Ns(hostPid, "net"));
        }
        finally
        {
            foreach (var id in new[] { joiner.ID, onHost.ID, target.ID })
                await docker.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true });
        }
    }

    private static string Ns(long pid, string type) => new FileInfo($"/proc/{pid}/ns/{type}").LinkTarget!;
}
