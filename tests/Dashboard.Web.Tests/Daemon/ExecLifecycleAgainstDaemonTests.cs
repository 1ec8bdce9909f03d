using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>
/// Exec sessions end without a trace: however they end (run out, detached, on a terminal, killed, the client gone, the
/// container stopped under them) no exec conmon, no exec process and no session directory is left; and across a
/// kill -9 of the daemon a detached exec goes on, the container can still be stopped and removed, and nothing is left.
/// Also the daemon's own detach-key scan, driven by a raw hijacked client, and the events it records.
/// </summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class ExecLifecycleAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static async Task<string> OkAsync(DaemonProcess d, params string[] args)
    {
        var result = await DockerCli.RunAsync(d.DockerHost, args);
        Assert.True(result.ExitCode == 0, $"docker {string.Join(' ', args)} failed: {result}");
        return result.Stdout;
    }

    private static async Task<string> CreateExecAsync(DaemonProcess d, string container, object body)
    {
        using var created = await d.Http.PostAsync($"/containers/{container}/exec",
            new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        var text = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, $"exec create: {(int)created.StatusCode} {text}");
        return JsonDocument.Parse(text).RootElement.GetProperty("Id").GetString()!;
    }

    private static async Task<JsonElement> InspectExecAsync(DaemonProcess d, string execId) =>
        await d.GetJsonAsync($"/exec/{execId}/json");

    /// <summary>docker ARGS started in the background (not awaited): the process, to be killed or awaited.</summary>
    private static Process StartCli(DaemonProcess d, params string[] args)
    {
        var info = new ProcessStartInfo(DaemonPrerequisites.Find("docker")!, args)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
        };
        info.Environment["DOCKER_HOST"] = d.DockerHost;
        info.Environment["DOCKER_CONFIG"] = Path.Combine(Path.GetTempPath(), "dash-docker-config");
        var process = Process.Start(info)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        return process;
    }

    [SkippableFact]
    public async Task No_exec_conmon_process_or_directory_outlives_its_session_however_it_ends()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        // Marker durations: the test's own exec processes are found on the host by their exact command line.
        string[] killed = ["sleep", "7101"], clientGone = ["sleep", "3"], detachedLong = ["sleep", "7102"], attachedLong = ["sleep", "7103"];
        var id = (await OkAsync(d, "run", "-d", "--name", "exec-leak", "busybox", "sleep", "1000")).Trim();
        try
        {
            // Run to their end: attached, with an exit code, detached, and on a terminal (raw output).
            for (var i = 0; i < 5; i++) await OkAsync(d, "exec", "exec-leak", "true");
            Assert.Equal(3, (await DockerCli.RunAsync(d.DockerHost, "exec", "exec-leak", "sh", "-c", "exit 3")).ExitCode);
            for (var i = 0; i < 3; i++) await OkAsync(d, "exec", "-d", "exec-leak", "sleep", "0.2");
            Assert.Equal("tty\r\n", await OkAsync(d, "exec", "-t", "exec-leak", "echo", "tty"));

            // Killed mid-way: its process gets SIGKILL from outside, and the session reports 137.
            var execId = await CreateExecAsync(d, "exec-leak", new { Cmd = killed });
            using (var started = await d.Http.PostAsync($"/exec/{execId}/start",
                       new StringContent("""{"Detach":true}""", Encoding.UTF8, "application/json")))
                Assert.Equal(HttpStatusCode.OK, started.StatusCode);
            var pid = (await InspectExecAsync(d, execId)).GetProperty("Pid").GetInt32();
            Assert.True(pid > 0 && ExecHostState.IsAlive(pid), $"exec pid {pid}");
            Process.GetProcessById(pid).Kill();
            await Eventually.TrueAsync(async () => !(await InspectExecAsync(d, execId)).GetProperty("Running").GetBoolean(),
                "the killed exec to end", Patience);
            Assert.Equal(137, (await InspectExecAsync(d, execId)).GetProperty("ExitCode").GetInt32());

            // The attached client killed mid-way: the session runs to its own end all the same.
            using (var client = StartCli(d, ["exec", "exec-leak", .. clientGone]))
            {
                await Eventually.TrueAsync(() => ExecHostState.WithCommand(clientGone).Count == 1, "the client's exec to run", Patience);
                client.Kill();
                await client.WaitForExitAsync();
            }
            await AssertNothingLeftAsync(d, id, "sessions that ended", killed, clientGone);

            // The container stopped under a detached and an attached exec: both end with it.
            await OkAsync(d, ["exec", "-d", "exec-leak", .. detachedLong]);
            using var attached = StartCli(d, ["exec", "exec-leak", .. attachedLong]);
            await Eventually.TrueAsync(() => ExecHostState.WithCommand(detachedLong).Count == 1 && ExecHostState.WithCommand(attachedLong).Count == 1,
                "both long execs to run", Patience);
            Assert.Equal(2, ExecHostState.ExecRunners(d.RunRoot).Count);
            await OkAsync(d, "stop", "-t", "1", "exec-leak");
            using (var exited = new CancellationTokenSource(Patience)) await attached.WaitForExitAsync(exited.Token);
            Assert.NotEqual(0, attached.ExitCode);
            await AssertNothingLeftAsync(d, id, "after the stop", detachedLong, attachedLong);
        }
        finally
        {
            await OkAsync(d, "rm", "-f", "exec-leak");
        }
        Assert.False(Directory.Exists(Path.Combine(d.RunRoot, "exec", id)), "the container's exec directory outlived it");
    }

    [SkippableFact]
    public async Task A_detached_exec_survives_kill_9_of_the_daemon_and_its_container_is_stopped_and_removed_clean_after()
    {
        DaemonPrerequisites.Require(needsDockerCli: true);
        await using var d = await DaemonProcess.StartAsync();
        string[] marker = ["sleep", "7201"];
        var id = (await OkAsync(d, "run", "-d", "--name", "exec-restart", "busybox", "sleep", "1000")).Trim();
        var execId = await CreateExecAsync(d, "exec-restart", new { Cmd = marker });
        using (var started = await d.Http.PostAsync($"/exec/{execId}/start",
                   new StringContent("""{"Detach":true}""", Encoding.UTF8, "application/json")))
            Assert.Equal(HttpStatusCode.OK, started.StatusCode);
        var pid = (await InspectExecAsync(d, execId)).GetProperty("Pid").GetInt32();
        var conmons = ExecHostState.ExecRunners(d.RunRoot);
        Assert.Single(conmons);

        d.KillHard();
        // conmon runs in its own session: the exec and its conmon go on without the daemon.
        Assert.True(ExecHostState.IsAlive(pid), "the exec died with the daemon");
        Assert.True(ExecHostState.IsAlive(conmons[0]), "the exec's conmon died with the daemon");
        Assert.Single(ExecHostState.SessionDirectories(d.RunRoot, id));
        await d.StartProcessAsync();

        // The session's record lived in the old daemon's memory only: its id is unknown now (a 404, as for any id).
        using (var old = await d.Http.GetAsync($"/exec/{execId}/json"))
            Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        Assert.True(ExecHostState.IsAlive(pid), "the exec died with the daemon's restart");

        // Stop ends the exec with the container; rm takes what the old session left under RunRoot/exec.
        await OkAsync(d, "stop", "-t", "1", "exec-restart");
        await Eventually.TrueAsync(() => !ExecHostState.IsAlive(pid) && ExecHostState.ExecRunners(d.RunRoot).Count == 0,
            "the exec and its conmon to end with the container", Patience);
        await OkAsync(d, "rm", "exec-restart");
        Assert.False(Directory.Exists(Path.Combine(d.RunRoot, "exec", id)), "the old session's directory outlived its container");
        Assert.Empty(ExecHostState.WithCommand(marker));
        Assert.Equal("", await OkAsync(d, "ps", "-aq"));
    }

    [SkippableFact]
    public async Task The_daemon_detaches_a_raw_attach_client_on_its_keys_the_container_runs_on_and_detach_is_recorded()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        var since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1;
        var id = (await OkAsync(d, "run", "-d", "-it", "--name", "raw-detach", "busybox", "sh")).Trim();
        try
        {
            await using (var attach = await RawHijack.OpenAsync(d, "/containers/raw-detach/attach?stream=1&stdin=1&stdout=1&stderr=1"))
            {
                await attach.SendAsync("echo attached-$((40+2))\n");
                await attach.WaitForAsync("attached-42", Patience);
                // ctrl-p ctrl-q split across two writes: the daemon holds the first back, then ends the stream.
                await attach.SendAsync("\u0010");
                await Task.Delay(100); // two packets, not one; not waiting on an outcome
                await attach.SendAsync("\u0011");
                Assert.True(await attach.EndsWithinAsync(Patience), $"the daemon did not end the stream on ctrl-p ctrl-q; it carried: {attach.Received}");
            }
            Assert.Equal("running\n", await OkAsync(d, "inspect", "-f", "{{.State.Status}}", "raw-detach"));

            // Custom keys on the query; a lone ctrl-p is passed through to the shell, not taken as a detach.
            await using (var custom = await RawHijack.OpenAsync(d, "/containers/raw-detach/attach?stream=1&stdin=1&stdout=1&detachKeys=ctrl-x"))
            {
                await custom.SendAsync("\u0010\u0011echo custom-$((1+1))\n");
                await custom.WaitForAsync("custom-2", Patience);
                await custom.SendAsync("\u0018");
                Assert.True(await custom.EndsWithinAsync(Patience), "the daemon did not end the stream on ctrl-x");
            }
            Assert.Equal("running\n", await OkAsync(d, "inspect", "-f", "{{.State.Status}}", "raw-detach"));

            // The resize event, with Docker's attributes.
            using (var resized = await d.Http.PostAsync("/containers/raw-detach/resize?h=33&w=99", null))
                Assert.Equal(HttpStatusCode.OK, resized.StatusCode);

            var events = await EventsAsync(d, since, id);
            Assert.Equal(2, events.Count(e => e.Action == "detach"));
            var resize = Assert.Single(events, e => e.Action == "resize");
            Assert.Equal(("33", "99"), (resize.Attributes["height"], resize.Attributes["width"]));
        }
        finally
        {
            await OkAsync(d, "rm", "-f", "raw-detach");
        }
    }

    [SkippableFact]
    public async Task The_daemon_detaches_a_raw_exec_client_on_its_keys_the_exec_runs_on_and_exec_detach_is_recorded()
    {
        var d = fixture.RequireDaemon(needsDockerCli: true);
        var since = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 1;
        var id = (await OkAsync(d, "run", "-d", "--name", "raw-exec-detach", "busybox", "sleep", "1000")).Trim();
        var execPid = 0;
        try
        {
            var execId = await CreateExecAsync(d, "raw-exec-detach",
                new { Cmd = new[] { "sh" }, Tty = true, AttachStdin = true, AttachStdout = true, AttachStderr = true });
            await using (var exec = await RawHijack.OpenAsync(d, $"/exec/{execId}/start", """{"Detach":false,"Tty":true}"""))
            {
                await exec.SendAsync("echo in-exec-$((6*7))\n");
                await exec.WaitForAsync("in-exec-42", Patience);
                await exec.SendAsync("\u0010\u0011");
                Assert.True(await exec.EndsWithinAsync(Patience), $"the daemon did not end the exec's stream on ctrl-p ctrl-q; it carried: {exec.Received}");
            }
            var inspected = await InspectExecAsync(d, execId);
            Assert.True(inspected.GetProperty("Running").GetBoolean(), "the exec ended with its client's detach");
            execPid = inspected.GetProperty("Pid").GetInt32();
            Assert.True(ExecHostState.IsAlive(execPid));

            var detach = Assert.Single(await EventsAsync(d, since, id), e => e.Action == "exec_detach");
            Assert.Equal(execId, detach.Attributes["execID"]);
        }
        finally
        {
            await OkAsync(d, "rm", "-f", "raw-exec-detach");
        }
        await AssertNothingLeftAsync(d, id, "after rm -f of a container with a detached exec");
        Assert.False(execPid > 0 && ExecHostState.IsAlive(execPid), "the detached exec's shell outlived its container");
    }

    /// <summary>Waits up to <see cref="Patience"/> until no exec conmon of the daemon, no process running one of
    /// <paramref name="commands"/> and no session directory of the container is left; fails naming what is.</summary>
    private static async Task AssertNothingLeftAsync(DaemonProcess d, string id, string when, params string[][] commands)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!ExecHostState.NothingLeft(d.RunRoot, id, commands) && DateTime.UtcNow < deadline) await Task.Delay(100);
        Assert.True(ExecHostState.NothingLeft(d.RunRoot, id, commands), $"{when}, left: {ExecHostState.Describe(d.RunRoot, id, commands)}");
    }

    private sealed record DockerEvent(string Action, IReadOnlyDictionary<string, string> Attributes);

    /// <summary>The container's events from <paramref name="since"/> until now, through the Docker API.</summary>
    private static async Task<List<DockerEvent>> EventsAsync(DaemonProcess d, long since, string id)
    {
        var until = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1;
        var text = await d.Http.GetStringAsync($"/events?since={since}&until={until}");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement)
            .Where(e => e.GetProperty("Actor").GetProperty("ID").GetString() == id)
            .Select(e => new DockerEvent(e.GetProperty("Action").GetString()!,
                e.GetProperty("Actor").GetProperty("Attributes").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)))
            .ToList();
    }
}
