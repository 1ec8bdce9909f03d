using System.Text;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.IntegrationTests.Containers;

/// <summary>Exec through conmon --exec, with real conmon and runc.</summary>
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
}
