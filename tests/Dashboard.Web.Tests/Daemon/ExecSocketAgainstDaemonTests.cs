using System.Net;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Dashboard.Contracts.Containers;
using Microsoft.Data.Sqlite;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>The native exec WebSocket (<see cref="ExecProtocol"/>) against the real daemon and real containers: exit
/// codes, stdin, the terminal and its resize, env/user/workdir, the refusals, the audit, and nothing left behind.</summary>
[Collection("real daemon")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed partial class ExecSocketAgainstDaemonTests(SharedDaemonFixture fixture) : IClassFixture<SharedDaemonFixture>
{
    private static string Q(params string[] cmd) => string.Join('&', cmd.Select(c => "cmd=" + Uri.EscapeDataString(c)));

    private static async Task<ExecSocket> FinishedAsync(DaemonProcess d, string container, string query, string? stdin = null)
    {
        var exec = await ExecSocket.ConnectAsync(d, container, query);
        if (stdin is not null) await exec.SendStdinAsync(stdin);
        if (!query.Contains("stdin=false", StringComparison.Ordinal)) await exec.CloseInputAsync();
        Assert.True(await exec.WaitClosedAsync(), $"the exec did not end: {exec.Stdout} {exec.Stderr}");
        Assert.Equal(WebSocketCloseStatus.NormalClosure, exec.CloseStatus);
        Assert.Equal(ExecProtocol.EndedDescription, exec.CloseDescription);
        return exec;
    }

    [SkippableFact]
    public async Task Exit_code_streams_stdin_env_user_and_workdir_come_through()
    {
        var d = fixture.RequireDaemon();
        var id = await DaemonContainers.RunAsync(d, "exec-ws", null, "sleep", "300");
        try
        {
            await using var three = await FinishedAsync(d, "exec-ws", Q("sh", "-c", "echo out; echo err >&2; exit 3") + "&stdin=false");
            Assert.Equal((3, "out\n", "err\n"), (three.ExitCode(), three.Stdout, three.Stderr));

            // The client's close is a half-close: cat sees the end of its input and the output still arrives.
            await using var cat = await FinishedAsync(d, "exec-ws", Q("cat"), stdin: "hello\nworld\n");
            Assert.Equal((0, "hello\nworld\n"), (cat.ExitCode(), cat.Stdout));

            await using var env = await FinishedAsync(d, "exec-ws",
                Q("sh", "-c", "echo $GREETING; id -u; pwd") + "&env=GREETING%3Dhi%20there&user=nobody&workdir=/tmp&stdin=false");
            Assert.Equal((0, "hi there\n65534\n/tmp\n"), (env.ExitCode(), env.Stdout));

            // A command that cannot run: docker exec's words and code.
            await using var missing = await FinishedAsync(d, "exec-ws", Q("no-such-binary"));
            Assert.Equal(127, missing.ExitCode());
            Assert.Contains("OCI runtime exec failed", missing.Stderr);
        }
        finally
        {
            await DaemonContainers.RemoveAsync(d, id);
        }
    }

    [SkippableFact]
    public async Task A_tty_session_takes_its_size_from_the_query_and_resizes_on_a_control_message()
    {
        var d = fixture.RequireDaemon();
        var id = await DaemonContainers.RunAsync(d, "exec-tty", null, "sleep", "300");
        try
        {
            await using var exec = await ExecSocket.ConnectAsync(d, "exec-tty", Q("sh") + "&tty=true&cols=90&rows=30");
            await exec.SendStdinAsync("stty size; tty\n");
            await exec.WaitForStdoutAsync("30 90");
            await exec.WaitForStdoutAsync("/dev/pts/");
            await exec.SendControlAsync("""{"resize":{"cols":100,"rows":40}}""");
            await exec.SendStdinAsync("stty size\n");
            await exec.WaitForStdoutAsync("40 100");
            await exec.SendControlAsync("""{"resize":{"cols":0,"rows":40}}""");
            await exec.SendControlAsync("not json");
            await Eventually.TrueAsync(() => exec.Texts.Count(t => t.Contains("\"error\"", StringComparison.Ordinal)) == 2, "two refusals");
            await exec.SendStdinAsync("exit 7\n");
            Assert.True(await exec.WaitClosedAsync());
            Assert.Equal(7, exec.ExitCode());
            Assert.Equal("", exec.Stderr); // a terminal has one stream

            // Closing a terminal hangs it up: the shell ends with SIGHUP's code, and the exit code still comes.
            await using var closed = await ExecSocket.ConnectAsync(d, "exec-tty", Q("sh") + "&tty=true");
            await closed.SendStdinAsync("echo re$((1+1))dy\n");
            await closed.WaitForStdoutAsync("re2dy");
            await closed.CloseInputAsync();
            Assert.True(await closed.WaitClosedAsync());
            Assert.Equal(129, closed.ExitCode());

            // Without a terminal a resize is refused in words, and the session goes on.
            await using var plain = await ExecSocket.ConnectAsync(d, "exec-tty", Q("cat"));
            await plain.SendControlAsync("""{"resize":{"cols":100,"rows":40}}""");
            await Eventually.TrueAsync(() => plain.Texts.Any(t => t.Contains("no terminal", StringComparison.Ordinal)), "the resize refusal");
            await plain.SendStdinAsync("after\n");
            await plain.CloseInputAsync();
            Assert.True(await plain.WaitClosedAsync());
            Assert.Equal((0, "after\n"), (plain.ExitCode(), plain.Stdout));
        }
        finally
        {
            await DaemonContainers.RemoveAsync(d, id);
        }
    }

    [SkippableFact]
    public async Task Bad_requests_are_refused_before_the_handshake_with_a_problem_that_says_why()
    {
        var d = fixture.RequireDaemon();
        var id = await DaemonContainers.RunAsync(d, "exec-bad", null, "sleep", "300");
        try
        {
            foreach (var (query, field) in new[]
                     {
                         ("", "cmd"), ("cmd=true&tty=maybe", "tty"), ("cmd=true&colour=red", "colour"), ("cmd=true&cols=80", "cols"),
                         ("cmd=true&tty=true&cols=80", "rows"), ("cmd=true&tty=true&cols=80&rows=99999", "rows"),
                     })
            {
                using var response = await d.Http.GetAsync($"/api/containers/exec-bad/exec?{query}");
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest && body.Contains($"\"{field}\"", StringComparison.Ordinal),
                    $"?{query}: {(int)response.StatusCode} {body}");
            }
            // What the engine checks comes after the handshake's request was read, still before it is answered.
            foreach (var query in new[] { "cmd=true&workdir=relative", "cmd=true&env=%3Dx", "cmd=true&user=nosuchuser" })
                Assert.Equal(HttpStatusCode.BadRequest, (await Assert.ThrowsAsync<ExecRefusedException>(() => ExecSocket.ConnectAsync(d, "exec-bad", query))).Status);
            using (var notWs = await d.Http.GetAsync("/api/containers/exec-bad/exec?cmd=true"))
            {
                Assert.Equal(HttpStatusCode.BadRequest, notWs.StatusCode);
                Assert.Contains("WebSocket", await notWs.Content.ReadAsStringAsync());
            }

            Assert.Equal(HttpStatusCode.NotFound, (await Assert.ThrowsAsync<ExecRefusedException>(() => ExecSocket.ConnectAsync(d, "no-such-container", Q("true")))).Status);
            Assert.Equal(HttpStatusCode.NoContent, (await d.Http.PostAsync("/containers/exec-bad/pause", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await Assert.ThrowsAsync<ExecRefusedException>(() => ExecSocket.ConnectAsync(d, "exec-bad", Q("true")))).Status);
            Assert.Equal(HttpStatusCode.NoContent, (await d.Http.PostAsync("/containers/exec-bad/unpause", null)).StatusCode);
            Assert.Equal(HttpStatusCode.NoContent, (await d.Http.PostAsync("/containers/exec-bad/stop?t=0", null)).StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, (await Assert.ThrowsAsync<ExecRefusedException>(() => ExecSocket.ConnectAsync(d, "exec-bad", Q("true")))).Status);
            using var detachedStopped = await d.Http.PostAsync("/api/containers/exec-bad/exec?" + Q("true"), null);
            Assert.Equal(HttpStatusCode.Conflict, detachedStopped.StatusCode);
        }
        finally
        {
            await DaemonContainers.RemoveAsync(d, id);
        }
    }

    [SkippableFact]
    public async Task A_client_that_leaves_has_its_process_hung_up_and_nothing_of_the_session_is_left()
    {
        var d = fixture.RequireDaemon();
        var id = await DaemonContainers.RunAsync(d, "exec-leave", null, "sleep", "300");
        try
        {
            foreach (var tty in new[] { "true", "false" })
            {
                var exec = await ExecSocket.ConnectAsync(d, "exec-leave", Q("sh", "-c", "echo started; exec sleep 4242") + "&tty=" + tty);
                await exec.WaitForStdoutAsync("started");
                Assert.Single(ExecRunners(d));
                await exec.DisposeAsync(); // drops the connection without a close
                // The session's directory goes once the engine has read conmon's exit report, just after conmon ends.
                await Eventually.TrueAsync(() => ExecRunners(d).Count == 0 && !SleepersOf(id).Any()
                    && Directory.GetFileSystemEntries(Path.Combine(d.RunRoot, "exec", id)).Length == 0,
                    $"the tty={tty} session's conmon, process and directory to go");
            }
            // A session that ends on its own leaves nothing either.
            await using var done = await FinishedAsync(d, "exec-leave", Q("true"));
            Assert.Equal(0, done.ExitCode());
            await Eventually.TrueAsync(() => ExecRunners(d).Count == 0, "the finished session's conmon to go");
        }
        finally
        {
            await DaemonContainers.RemoveAsync(d, id);
        }
    }

    [SkippableFact]
    public async Task A_detached_exec_runs_on_and_each_session_is_audited_with_its_command_and_duration()
    {
        var d = fixture.RequireDaemon();
        var id = await DaemonContainers.RunAsync(d, "exec-audit", null, "sleep", "300");
        try
        {
            using var detached = await d.Http.PostAsync("/api/containers/exec-audit/exec?" + Q("touch", "/tmp/detached"), null);
            Assert.Equal(HttpStatusCode.Created, detached.StatusCode);
            await using var check = await FinishedAsync(d, "exec-audit", Q("sh", "-c", "sleep 1; test -e /tmp/detached && exit 3"));
            Assert.Equal(3, check.ExitCode());

            var rows = (await AuditAsync(d)).Where(r => r.Target == "exec-audit").ToList();
            Assert.Contains(rows, r => r is { Actor: "unix-socket", Action: "container.exec", Target: "exec-audit" }
                && r.Detail.StartsWith("touch /tmp/detached (detached); exec ", StringComparison.Ordinal));
            Assert.Contains(rows, r => r.Action == "container.exec" && r.Detail.StartsWith("sh -c 'sleep 1; test -e /tmp/detached && exit 3'; exec ", StringComparison.Ordinal));
            var end = Assert.Single(rows, r => r.Action == "container.exec.end");
            Assert.Equal(("unix-socket", "exec-audit"), (end.Actor, end.Target));
            var match = Duration().Match(end.Detail);
            Assert.True(match.Success, end.Detail);
            Assert.StartsWith("sh -c 'sleep 1; test -e /tmp/detached && exit 3': exit 3 after ", end.Detail);
            Assert.InRange(double.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1.0, 30.0);
        }
        finally
        {
            await DaemonContainers.RemoveAsync(d, id);
        }
    }

    [SkippableFact]
    public async Task A_container_removed_under_an_open_session_ends_it_with_its_audit_and_no_daemon_error()
    {
        var d = fixture.RequireDaemon();
        var id = await DaemonContainers.RunAsync(d, "exec-removed", null, "sleep", "300");
        try
        {
            await using var exec = await ExecSocket.ConnectAsync(d, "exec-removed", Q("sh", "-c", "echo ready; sleep 300"));
            await exec.WaitForStdoutAsync("ready");

            // rm -f while the session streams: its record goes with the container.
            using var removed = await d.Http.DeleteAsync("/containers/exec-removed?force=1");
            Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);

            // Two orders: the exec's exit (SIGKILL, 137) is recorded before the remove forgets the session, and the
            // session ends as any does; or the remove forgot it first, and the session says so without an exit code.
            // Either way it ends normally, is audited, and the daemon has no unhandled error (the second order was one).
            Assert.True(await exec.WaitClosedAsync(), "the session did not end with its container");
            Assert.Equal(WebSocketCloseStatus.NormalClosure, exec.CloseStatus);
            if (exec.CloseDescription == ExecProtocol.EndedDescription) Assert.Equal(137, exec.ExitCode());
            else Assert.Equal(ExecProtocol.RemovedDescription, exec.CloseDescription);
            await Eventually.TrueAsync(async () => (await AuditAsync(d)).Any(r => r is { Action: "container.exec.end", Target: "exec-removed" }),
                "the session's end in the audit log");
            Assert.DoesNotContain("ExecNotFoundException", d.Log);
        }
        finally
        {
            (await d.Http.DeleteAsync($"/containers/{id}?force=1")).Dispose(); // the test removed it, unless it failed first
        }
    }

    [GeneratedRegex(@"after (\d+\.\d) s; exec [0-9a-f]{12}$")]
    private static partial Regex Duration();

    private sealed record AuditRow(string Actor, string Action, string? Target, string Detail);

    private static async Task<List<AuditRow>> AuditAsync(DaemonProcess d)
    {
        var rows = new List<AuditRow>();
        await using var db = new SqliteConnection($"Data Source={Path.Combine(d.DataRoot, "dashboard.db")};Mode=ReadOnly");
        await db.OpenAsync();
        var command = db.CreateCommand();
        command.CommandText = "SELECT actor, action, target, detail FROM audit_log WHERE action LIKE 'container.exec%' ORDER BY id";
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            rows.Add(new AuditRow(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? "" : reader.GetString(3)));
        return rows;
    }

    /// <summary>conmon processes (and, for an attached exec without a terminal, the daemon's own runc) of this daemon's
    /// exec sessions (their command line names the daemon's run root and the exec's process spec).</summary>
    private static List<int> ExecRunners(DaemonProcess d)
    {
        var found = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string cmdline;
            try { cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { continue; }
            var argv = cmdline.Split('\0');
            if (ExecHostState.IsExecRunner(argv) && cmdline.Contains(d.RunRoot, StringComparison.Ordinal)) found.Add(pid);
        }
        return found;
    }

    /// <summary>"sleep 4242" processes in the container's cgroup.</summary>
    private static IEnumerable<int> SleepersOf(string containerId)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string cmdline, cgroup;
            try
            {
                cmdline = File.ReadAllText(Path.Combine(dir, "cmdline"));
                cgroup = File.ReadAllText(Path.Combine(dir, "cgroup"));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { continue; }
            if (cmdline == "sleep\04242\0" && cgroup.Contains(containerId, StringComparison.Ordinal)) yield return pid;
        }
    }
}
