using System.Text.Json;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>
/// -P and --expose end to end: the image's EXPOSE and --expose ports published on random host ports at each start,
/// fetched through them from the host; docker port and inspect name them.
/// </summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class PublishAllAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>
{
    private DaemonProcess Require()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        Prerequisites.Require(Prerequisites.Networks(), "a network");
        return d;
    }

    private static async Task<string> Ok(DaemonProcess d, params string[] args)
    {
        var result = await DockerCli.RunAsync(d.DockerHost, args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)} failed: {result}");
        return result.Stdout.Trim();
    }

    private static string Httpd(int port, string text) =>
        $"/bin/busybox mkdir -p /www{port} && echo {text} > /www{port}/index.html && /bin/busybox httpd -p {port} -h /www{port}";

    /// <summary>The host port docker port gives for the container port, fetched from 127.0.0.1.</summary>
    private static async Task<string> FetchThroughAsync(DaemonProcess d, string container, string containerPort)
    {
        var mapped = await Ok(d, "port", container, containerPort);
        var hostPort = int.Parse(mapped.Split('\n')[0].Split(':')[^1]);
        Assert.NotEqual(int.Parse(containerPort.Split('/')[0]), hostPort);
        return await NetworkProbe.GetAsync($"http://127.0.0.1:{hostPort}/");
    }

    [SkippableFact]
    public async Task Publish_all_publishes_the_images_expose_and_expose_ports_on_random_host_ports()
    {
        var d = Require();
        var work = Directory.CreateTempSubdirectory("dash-expose-").FullName;
        try
        {
            var tar = Path.Combine(work, "rootfs.tar");
            TestImages.Tar(TestImages.BusyboxRootfs(Path.Combine(work, "rootfs")), tar);
            var saved = Path.Combine(work, "saved.tar");
            TestImages.DockerSaveArchive(tar, "exposing:v1", saved, ["8081/tcp"]);
            var load = await DockerCli.RunWithStdinAsync(d.DockerHost, saved, "load");
            Assert.True(load.ExitCode == 0, load.ToString());

            await Ok(d, "run", "-d", "--name", "pall", "-P", "--expose", "8082", "exposing:v1", "/bin/sh", "-c",
                $"{Httpd(8081, "from-image-expose")} && {Httpd(8082, "from-expose-flag")} && exec /bin/busybox sleep 120");
            await Eventually.AssertAsync(async () => Assert.Equal("from-image-expose\n", await FetchThroughAsync(d, "pall", "8081/tcp")));
            Assert.Equal("from-expose-flag\n", await FetchThroughAsync(d, "pall", "8082/tcp"));

            var inspect = JsonDocument.Parse(await Ok(d, "inspect", "pall")).RootElement[0];
            Assert.True(inspect.GetProperty("HostConfig").GetProperty("PublishAllPorts").GetBoolean());
            Assert.Equal(["8081/tcp", "8082/tcp"], inspect.GetProperty("Config").GetProperty("ExposedPorts").EnumerateObject().Select(p => p.Name).Order());
            Assert.Equal(2, inspect.GetProperty("NetworkSettings").GetProperty("Ports").EnumerateObject().Count());

            // --expose without -P publishes nothing: recorded only.
            await Ok(d, "run", "-d", "--name", "pexp", "--expose", "8083/udp", "busybox", "sleep", "120");
            Assert.Equal("", await Ok(d, "port", "pexp"));
            Assert.Contains("8083/udp", await Ok(d, "inspect", "-f", "{{json .Config.ExposedPorts}}", "pexp"));

            // Bad input: named.
            var bad = await DockerCli.RunAsync(d.DockerHost, "run", "--rm", "-P", "--network", "none", "busybox", "true");
            Assert.Contains("-P needs a network of the engine's", bad.Stderr);
        }
        finally
        {
            await DockerCli.RunAsync(d.DockerHost, "rm", "-f", "pall", "pexp");
            await DockerCli.RunAsync(d.DockerHost, "rmi", "exposing:v1");
            Directory.Delete(work, true);
        }
    }
}
