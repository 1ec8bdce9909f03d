using System.Diagnostics;
using System.Text;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>Attach through conmon's attach socket, driven by the real docker CLI and Docker.DotNet against the real
/// daemon: stdin (-i), stdout and stderr apart, attach to a running container, and no lost output.</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class AttachAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>, IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private readonly string _temp = Directory.CreateTempSubdirectory("dash-attach-").FullName;

    public void Dispose() => Directory.Delete(_temp, recursive: true);

    private async Task<string> OkAsync(DaemonProcess d, params string[] args)
    {
        var result = await DockerCli.RunAsync(d.DockerHost, args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)} failed: {result}");
        return result.Stdout;
    }

    private string Input(string text)
    {
        var path = Path.Combine(_temp, Guid.NewGuid().ToString("N"));
        File.WriteAllText(path, text);
        return path;
    }

    [SkippableFact]
    public async Task Piped_stdin_reaches_run_i_and_its_end_closes_the_containers_stdin()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        var hi = await DockerCli.RunWithStdinAsync(d.DockerHost, Input("hi\n"), "run", "-i", "--rm", "busybox", "cat");
        Assert.Equal(0, hi.ExitCode);
        Assert.Equal("hi\n", hi.Stdout);
        Assert.Equal("", hi.Stderr);

        // More than the pipe and socket buffers hold at once, split across many packets both ways.
        var lines = string.Concat(Enumerable.Range(1, 40000).Select(i => $"line {i}\n"));
        var big = await DockerCli.RunWithStdinAsync(d.DockerHost, Input(lines), "run", "-i", "--rm", "busybox", "sh", "-c", "cat; echo read-all >&2");
        Assert.Equal(0, big.ExitCode);
        Assert.Equal(lines, big.Stdout);
        Assert.Equal("read-all\n", big.Stderr);

        // docker create -i, then start -ai: the same through a created container, with its settings in inspect.
        await OkAsync(d, "create", "-i", "--name", "start-ai", "busybox", "sh", "-c", "read x; echo \"got $x\"; exit 4");
        Assert.Equal("true true true\n", await OkAsync(d, "inspect", "-f", "{{.Config.OpenStdin}} {{.Config.StdinOnce}} {{.Config.AttachStdin}}", "start-ai"));
        var started = await DockerCli.RunWithStdinAsync(d.DockerHost, Input("abc\n"), "start", "-ai", "start-ai");
        Assert.Equal(4, started.ExitCode);
        Assert.Equal("got abc\n", started.Stdout);
        await OkAsync(d, "rm", "start-ai");
        Assert.Equal("", await OkAsync(d, "ps", "-aq"));
    }

    [SkippableFact]
    public async Task Stdout_and_stderr_arrive_on_their_own_streams()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        var result = await DockerCli.RunAsync(d.DockerHost, "run", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2; echo out2; exit 3");
        Assert.Equal(3, result.ExitCode);
        Assert.Equal("out\nout2\n", result.Stdout);
        Assert.Equal("err\n", result.Stderr);
    }

    [SkippableFact]
    public async Task Run_a_stdout_shows_only_stdout_and_run_a_stderr_only_stderr()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        const string script = "echo out; echo err >&2; echo out2; echo err2 >&2; exit 2";
        var stdoutOnly = await DockerCli.RunAsync(d.DockerHost, "run", "--rm", "-a", "stdout", "busybox", "sh", "-c", script);
        Assert.Equal(2, stdoutOnly.ExitCode);
        Assert.Equal("out\nout2\n", stdoutOnly.Stdout);
        Assert.Equal("", stdoutOnly.Stderr);

        var stderrOnly = await DockerCli.RunAsync(d.DockerHost, "run", "--rm", "-a", "stderr", "busybox", "sh", "-c", script);
        Assert.Equal(2, stderrOnly.ExitCode);
        Assert.Equal("", stderrOnly.Stdout);
        Assert.Equal("err\nerr2\n", stderrOnly.Stderr);
    }

    [SkippableFact]
    public async Task A_fast_container_loses_no_output_over_50_runs_even_beyond_its_log_size()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        for (var run = 0; run < 50; run++)
        {
            var result = await DockerCli.RunAsync(d.DockerHost, "run", "--rm", "busybox", "echo", "hi");
            Assert.True(result is { ExitCode: 0, Stdout: "hi\n", Stderr: "" }, $"run {run}: {result}");
        }
        // The log keeps at most 100 kB here (conmon drops a full file); the attach still has all 588 kB.
        var seq = await DockerCli.RunAsync(d.DockerHost, "run", "--rm", "--log-opt", "max-size=100k", "--log-opt", "max-file=1",
            "busybox", "seq", "1", "100000");
        Assert.Equal(0, seq.ExitCode);
        Assert.Equal(string.Concat(Enumerable.Range(1, 100000).Select(i => $"{i}\n")), seq.Stdout);
    }

    [SkippableFact]
    public async Task Attach_to_a_running_container_sees_new_output_takes_input_and_ends_with_the_container()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        await OkAsync(d, "run", "-d", "-i", "--name", "attached", "busybox", "sh", "-c",
            "echo before; read line; echo \"got $line\"; echo bye >&2; exit 3");
        await Eventually.TrueAsync(async () => (await OkAsync(d, "logs", "attached")).Contains("before"), "the container to print 'before'");

        var info = new ProcessStartInfo(DaemonPrerequisites.Find("docker")!, ["attach", "attached"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        info.Environment["DOCKER_HOST"] = d.DockerHost;
        info.Environment["DOCKER_CONFIG"] = Path.Combine(Path.GetTempPath(), "dash-docker-config");
        using var attach = Process.Start(info)!;
        var stdout = attach.StandardOutput.ReadToEndAsync();
        var stderr = attach.StandardError.ReadToEndAsync();
        // The input stays open: the attach must end because the container ends, not because its input did.
        await attach.StandardInput.WriteAsync("hello\n");
        await attach.StandardInput.FlushAsync();
        using var timeout = new CancellationTokenSource(Patience);
        try
        {
            await attach.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            attach.Kill();
            throw new TimeoutException("docker attach did not end with the container");
        }
        Assert.Equal(3, attach.ExitCode);
        Assert.Equal("got hello\n", await stdout);
        Assert.Equal("bye\n", await stderr);
        await OkAsync(d, "rm", "attached");
    }

    [SkippableFact]
    public async Task Docker_dotnet_attach_carries_stdin_and_both_streams()
    {
        var d = fixture.RequireDaemon();
        using var docker = new DockerClientConfiguration(new Uri(d.DockerHost), defaultTimeout: Patience).CreateClient();
        using var timeout = new CancellationTokenSource(Patience);
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = "busybox",
            Cmd = ["sh", "-c", "cat; echo stdin-closed >&2"],
            OpenStdin = true, StdinOnce = true, AttachStdin = true, AttachStdout = true, AttachStderr = true,
        }, timeout.Token);
        try
        {
            using var stream = await docker.Containers.AttachContainerAsync(created.ID, tty: false,
                new ContainerAttachParameters { Stream = true, Stdin = true, Stdout = true, Stderr = true }, timeout.Token);
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters(), timeout.Token);
            var input = Encoding.UTF8.GetBytes("from docker.dotnet\n");
            await stream.WriteAsync(input, 0, input.Length, timeout.Token);
            stream.CloseWrite();
            var (stdout, stderr) = await stream.ReadOutputToEndAsync(timeout.Token);
            Assert.Equal("from docker.dotnet\n", stdout);
            Assert.Equal("stdin-closed\n", stderr);
            Assert.Equal(0, (await docker.Containers.WaitContainerAsync(created.ID, timeout.Token)).StatusCode);
        }
        finally
        {
            await docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
        }
    }
}
