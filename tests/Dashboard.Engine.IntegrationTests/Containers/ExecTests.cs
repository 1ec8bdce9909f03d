using System.Text;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.IntegrationTests.Containers;

/// <summary>Exec with real conmon and runc: attached without a terminal as the engine's own runc exec child, otherwise
/// through conmon --exec.</summary>
[Collection("real containers")]
[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class ExecTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [SkippableFact]
    public async Task An_attached_exec_has_its_exit_code_when_its_output_ends_and_its_events_follow_in_order()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var container = await f.RunAsync(new CreateContainerRequest { Image = "busybox", Cmd = ["sleep", "1000"] });
        using var events = f.Host.Events.Subscribe();

        for (var run = 0; run < 5; run++)
        {
            var execId = await f.Engine.CreateExecAsync(container.Id,
                new ExecRequest { Cmd = ["sh", "-c", $"echo run-{run}; exit {run + 3}"], AttachStdout = true, AttachStderr = true },
                CancellationToken.None);
            var attachment = await f.Engine.StartExecAsync(execId, detach: false, CancellationToken.None);
            Assert.NotNull(attachment);
            await using (attachment)
            {
                using var timeout = new CancellationTokenSource(Patience);
                var output = new StringBuilder();
                while (await attachment.ReadAsync(timeout.Token) is { } chunk) output.Append(Encoding.UTF8.GetString(chunk.Data.Span));
                Assert.Equal($"run-{run}\n", output.ToString());
            }
            // What the docker CLI does once the stream ends: the exit code is there as soon as the session has ended,
            // without waiting for the exec_die event to be stored.
            Assert.Equal(run + 3, await f.Engine.WaitExecAsync(execId, CancellationToken.None).WaitAsync(Patience));
            var inspected = f.Engine.InspectExec(execId);
            Assert.False(inspected.Running);
            Assert.Equal(run + 3, inspected.ExitCode);

            // The session's events are all stored and sent, in their order, the die with the exit code.
            var actions = new List<EngineEvent>();
            using var wait = new CancellationTokenSource(Patience);
            while (actions.Count < 3)
            {
                var e = await events.Reader.ReadAsync(wait.Token);
                if (e.Attributes.TryGetValue(EventAttributeKeys.ExecId, out var id) && id == execId) actions.Add(e);
            }
            Assert.Equal([EventActions.ExecCreate, EventActions.ExecStart, EventActions.ExecDie], actions.Select(e => e.Action));
            Assert.Equal((run + 3).ToString(System.Globalization.CultureInfo.InvariantCulture), actions[2].Attributes[EventAttributeKeys.ExitCode]);
            Assert.True(actions[0].Sequence < actions[1].Sequence && actions[1].Sequence < actions[2].Sequence);
        }
        // The session directories go just after the exit code is recorded.
        await Eventually.TrueAsync(() => Directory.GetDirectories(Path.Combine(f.Options.RunRoot, "exec", container.Id)).Length == 0,
            "the exec session directories to be removed", Patience);
    }

    [SkippableFact]
    public async Task An_attached_exec_without_a_terminal_is_the_engines_own_runc_child_and_keeps_the_containers_namespaces_cgroup_and_profile()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var container = await f.RunAsync(new CreateContainerRequest { Image = "busybox", Cmd = ["sleep", "1000"] });
        var initPid = f.Engine.Get(container.Id).State.Pid!.Value;
        var execId = await f.Engine.CreateExecAsync(container.Id, new ExecRequest
        {
            Cmd = ["sh", "-c", "read x; i=0; while [ $i -lt 5000 ]; do echo line $i; i=$((i+1)); done; exit 7"],
            AttachStdin = true,
            AttachStdout = true,
            AttachStderr = true,
        }, CancellationToken.None);
        var attachment = await f.Engine.StartExecAsync(execId, detach: false, CancellationToken.None);
        Assert.NotNull(attachment);
        var pid = f.Engine.InspectExec(execId).Pid;
        Assert.True(pid > 0);

        // Its parent is a runc exec the engine started itself: no conmon between them.
        var runner = ParentOf(pid);
        var runnerArgv = File.ReadAllText($"/proc/{runner}/cmdline").TrimEnd('\0').Split('\0');
        Assert.True(Path.GetFileName(runnerArgv[0]) is "runc" or "crun" && runnerArgv.Contains("exec"), string.Join(' ', runnerArgv));
        Assert.Equal(Environment.ProcessId, ParentOf(runner));

        // And it is the container's: its namespaces, its cgroups, its seccomp filter, no_new_privileges and capabilities.
        foreach (var ns in new[] { "pid", "mnt", "net", "ipc", "uts" })
            Assert.Equal(Link($"/proc/{initPid}/ns/{ns}"), Link($"/proc/{pid}/ns/{ns}"));
        Assert.Equal(File.ReadAllText($"/proc/{initPid}/cgroup"), File.ReadAllText($"/proc/{pid}/cgroup"));
        foreach (var field in new[] { "Seccomp", "NoNewPrivs", "CapEff", "CapBnd" })
            Assert.Equal(Status(initPid, field), Status(pid, field));
        Assert.Equal("2", Status(pid, "Seccomp"));

        // Input reaches it; once its client is gone its output is dropped to the end, not cut off with SIGPIPE (141).
        Assert.True(await attachment.WriteStdinAsync("go\n"u8.ToArray(), CancellationToken.None));
        await attachment.DisposeAsync();
        Assert.Equal(7, await f.Engine.WaitExecAsync(execId, CancellationToken.None).WaitAsync(Patience));
        Assert.False(Directory.Exists($"/proc/{runner}"), "runc was reaped");
    }

    [SkippableFact]
    public async Task Stopping_the_engine_ends_its_attached_execs_and_reaps_them_but_leaves_the_container_running()
    {
        Prerequisites.Require();
        await using var f = await EngineFixture.StartAsync();
        var container = await f.RunAsync(new CreateContainerRequest { Image = "busybox", Cmd = ["sleep", "1000"] });
        var execId = await f.Engine.CreateExecAsync(container.Id,
            new ExecRequest { Cmd = ["sleep", "1001"], AttachStdout = true, AttachStderr = true }, CancellationToken.None);
        var attachment = await f.Engine.StartExecAsync(execId, detach: false, CancellationToken.None);
        var pid = f.Engine.InspectExec(execId).Pid;
        var runner = ParentOf(pid);
        var exited = f.Engine.WaitExecAsync(execId, CancellationToken.None);

        await f.RestartEngineAsync();

        // The stream it belonged to is gone with the engine, and so is the process: killed, and its runc reaped
        // (a zombie would still have its /proc entry).
        Assert.Equal(137, await exited.WaitAsync(Patience));
        Assert.False(Directory.Exists($"/proc/{pid}"), $"the exec's process {pid} is gone");
        Assert.False(Directory.Exists($"/proc/{runner}"), $"its runc {runner} is reaped");
        Assert.Null(await attachment!.ReadAsync(CancellationToken.None).AsTask().WaitAsync(Patience));
        Assert.Equal(ContainerStatus.Running, f.Engine.Get(container.Id).State.Status);
    }

    private static int ParentOf(int pid) => int.Parse(Status(pid, "PPid"), System.Globalization.CultureInfo.InvariantCulture);

    private static string Status(int pid, string field) =>
        File.ReadAllLines($"/proc/{pid}/status").Single(l => l.StartsWith(field + ":", StringComparison.Ordinal))[(field.Length + 1)..].Trim();

    private static string Link(string path) => new FileInfo(path).LinkTarget ?? "";
}
