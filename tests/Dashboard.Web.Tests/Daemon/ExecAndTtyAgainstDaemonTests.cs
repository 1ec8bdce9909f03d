using System.Diagnostics;
using System.Net;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>
/// Issue 11's parity table for TTY, exec and attach, driven by the real docker CLI against the real daemon. Terminal
/// sessions run the CLI under util-linux's script(1), which gives it a pseudo-terminal without one of our own (CI runs
/// as root without a terminal).
/// </summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class ExecAndTtyAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>
{
    private async Task<string> OkAsync(DaemonProcess d, params string[] args)
    {
        var result = await DockerCli.RunAsync(d.DockerHost, args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)} failed: {result}");
        return result.Stdout;
    }

    private static string Script()
    {
        var script = DaemonPrerequisites.Find("script");
        Prerequisites.Require(script is null ? "script (util-linux) to give the docker CLI a terminal" : null, "a terminal for the docker CLI");
        return script!;
    }

    /// <summary>Runs "docker ARGS" on a pseudo-terminal of ROWSxCOLS fed <paramref name="keystrokes"/> (each after a
    /// pause that lets the shell print its prompt); returns the CLI's exit code and what the terminal showed.</summary>
    private static async Task<(int ExitCode, string Screen)> OnTerminalAsync(DaemonProcess d, string[] keystrokes, params string[] args)
    {
        var command = "stty rows 30 cols 90; exec docker " + string.Join(' ', args.Select(a => "'" + a.Replace("'", "'\\''") + "'"));
        var info = new ProcessStartInfo(Script(), ["-qec", command, "/dev/null"])
        {
            RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        info.Environment["DOCKER_HOST"] = d.DockerHost;
        info.Environment["DOCKER_CONFIG"] = Path.Combine(Path.GetTempPath(), "dash-docker-config");
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        foreach (var keys in keystrokes)
        {
            await Task.Delay(500); // pacing the typist, not gating an assertion
            await process.StandardInput.WriteAsync(keys);
            await process.StandardInput.FlushAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"docker {string.Join(' ', args)} on a terminal hung:\n{await output}");
        }
        return (process.ExitCode, (await output).Replace("\r", ""));
    }

    [SkippableFact]
    public async Task Run_t_output_is_raw_and_run_it_is_interactive()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        // No stream headers: stdout and stderr are one terminal stream, with the terminal's CRLF.
        var raw = await DockerCli.RunAsync(d.DockerHost, "run", "-t", "--rm", "busybox", "sh", "-c", "echo out; echo err >&2");
        Assert.Equal(0, raw.ExitCode);
        Assert.Equal("out\r\nerr\r\n", raw.Stdout);

        var (code, screen) = await OnTerminalAsync(d, ["echo $((6*7))\n", "exit 5\n"], "run", "-it", "--rm", "busybox", "sh");
        Assert.Equal(5, code);
        Assert.Contains("\n42\n", screen);

        // The window size of the client's terminal reaches the container (ConsoleSize at create, resize at start).
        var (_, size) = await OnTerminalAsync(d, [], "run", "-t", "--rm", "busybox", "stty", "size");
        Assert.Contains("30 90", size);
    }

    [SkippableFact]
    public async Task Logs_of_a_tty_container_are_raw_and_resize_changes_stty_size()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        await OkAsync(d, "run", "-d", "-t", "--name", "tty-resize", "busybox", "sh", "-c", "while true; do stty size; sleep 0.2; done");
        try
        {
            using var resized = await d.Http.PostAsync("/containers/tty-resize/resize?h=41&w=123", null);
            Assert.Equal(HttpStatusCode.OK, resized.StatusCode);
            await Eventually.TrueAsync(async () => (await OkAsync(d, "logs", "tty-resize")).Contains("41 123\r\n"), "stty size to show 41 123");
            var logs = await DockerCli.RunAsync(d.DockerHost, "logs", "tty-resize");
            Assert.DoesNotContain('\u0001', logs.Stdout);

            using var bad = await d.Http.PostAsync("/containers/tty-resize/resize?h=x&w=1", null);
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        }
        finally
        {
            await OkAsync(d, "rm", "-f", "tty-resize");
        }
    }

    [SkippableFact]
    public async Task Exec_options_exit_codes_and_states()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        await OkAsync(d, "run", "-d", "--name", "exec-web", "busybox", "sleep", "1000");
        try
        {
            Assert.Equal(3, (await DockerCli.RunAsync(d.DockerHost, "exec", "exec-web", "sh", "-c", "exit 3")).ExitCode);
            var missing = await DockerCli.RunAsync(d.DockerHost, "exec", "exec-web", "nosuch");
            Assert.Equal(127, missing.ExitCode);
            Assert.Contains("executable file not found", missing.Stdout + missing.Stderr);
            Assert.Equal(126, (await DockerCli.RunAsync(d.DockerHost, "exec", "exec-web", "/etc")).ExitCode);

            Assert.Equal("1 uid=1000 gid=1000 /tmp\n",
                await OkAsync(d, "exec", "-e", "A=1", "-u", "1000:1000", "-w", "/tmp", "exec-web", "sh", "-c", "echo $A $(id) $(pwd)"));
            var input = Path.GetTempFileName();
            await File.WriteAllTextAsync(input, "piped\n");
            var piped = await DockerCli.RunWithStdinAsync(d.DockerHost, input, "exec", "-i", "exec-web", "cat");
            File.Delete(input);
            Assert.Equal("piped\n", piped.Stdout);

            var plain = await OkAsync(d, "exec", "exec-web", "grep", "CapEff", "/proc/self/status");
            var privileged = await OkAsync(d, "exec", "--privileged", "exec-web", "grep", "CapEff", "/proc/self/status");
            Assert.NotEqual(plain, privileged);

            var (code, screen) = await OnTerminalAsync(d, ["echo $((6*7)); tty\n", "exit 4\n"], "exec", "-it", "exec-web", "sh");
            Assert.Equal(4, code);
            Assert.Contains("\n42\n/dev/pts/", screen);

            await OkAsync(d, "exec", "-d", "exec-web", "touch", "/tmp/detached");
            await Eventually.TrueAsync(async () => (await DockerCli.RunAsync(d.DockerHost, "exec", "exec-web", "test", "-e", "/tmp/detached")).ExitCode == 0,
                "the detached exec to run");

            // Resize of an exec without a terminal is refused; an unknown exec id is a 404.
            using var created = await d.Http.PostAsync("/containers/exec-web/exec",
                new StringContent("""{"Cmd":["sleep","2"]}""", System.Text.Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
            var execId = System.Text.Json.JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("Id").GetString();
            using var resize = await d.Http.PostAsync($"/exec/{execId}/resize?h=10&w=10", null);
            Assert.Equal(HttpStatusCode.Conflict, resize.StatusCode);
            Assert.Contains("without a TTY", await resize.Content.ReadAsStringAsync());
            using var unknown = await d.Http.GetAsync("/exec/0123456789abcdef/json");
            Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
            Assert.Contains("No such exec instance", await unknown.Content.ReadAsStringAsync());

            await OkAsync(d, "pause", "exec-web");
            var paused = await DockerCli.RunAsync(d.DockerHost, "exec", "exec-web", "true");
            Assert.NotEqual(0, paused.ExitCode);
            Assert.Contains("is paused, unpause the container before exec", paused.Stderr);
            await OkAsync(d, "unpause", "exec-web");
            await OkAsync(d, "stop", "-t", "0", "exec-web");
            var stopped = await DockerCli.RunAsync(d.DockerHost, "exec", "exec-web", "true");
            Assert.NotEqual(0, stopped.ExitCode);
            Assert.Contains("is not running", stopped.Stderr);
        }
        finally
        {
            var id = (await OkAsync(d, "inspect", "-f", "{{.Id}}", "exec-web")).Trim();
            await OkAsync(d, "rm", "-f", "exec-web");
            // Nothing of any session is left: no directory, no socket link, no conmon.
            Assert.False(Directory.Exists(Path.Combine(d.RunRoot, "exec", id)));
            Assert.Empty(Directory.GetFileSystemEntries(Path.Combine(d.RunRoot, "exec")));
        }
    }

    [SkippableFact]
    public async Task Attach_detaches_on_the_detach_keys_and_the_container_keeps_running()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        await OkAsync(d, "run", "-d", "-it", "--name", "detach-me", "busybox", "sh");
        try
        {
            // The docker CLI reports the detach itself ("read escape sequence", exit 1 in this CLI version, as with Docker).
            var (_, screen) = await OnTerminalAsync(d, ["echo attached-$((1+1))\n", "\u0010\u0011"], "attach", "detach-me");
            Assert.Contains("attached-2", screen);
            Assert.Contains("read escape sequence", screen);
            Assert.Equal("running\n", await OkAsync(d, "inspect", "-f", "{{.State.Status}}", "detach-me"));

            // Custom keys, and start -ai of a stopped -it container.
            var (_, custom) = await OnTerminalAsync(d, ["echo again\n", "\u0018"], "attach", "--detach-keys", "ctrl-x", "detach-me");
            Assert.Contains("again", custom);
            Assert.Equal("running\n", await OkAsync(d, "inspect", "-f", "{{.State.Status}}", "detach-me"));
            await OkAsync(d, "stop", "-t", "0", "detach-me");
            var (startCode, started) = await OnTerminalAsync(d, ["echo restarted\n", "exit 6\n"], "start", "-ai", "detach-me");
            Assert.Equal(6, startCode);
            Assert.Contains("restarted", started);
        }
        finally
        {
            await OkAsync(d, "rm", "-f", "detach-me");
        }
    }
}
