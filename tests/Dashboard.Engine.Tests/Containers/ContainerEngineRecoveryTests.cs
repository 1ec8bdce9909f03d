using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Tests.Containers;

public sealed class ContainerEngineRecoveryTests
{
    [Fact]
    public async Task Running_containers_are_re_adopted_with_the_same_pid_and_not_restarted()
    {
        await using var h = new EngineHarness();
        var c = await h.Engine.CreateAsync(new CreateContainerRequest { Image = "busybox", Name = "keep" }, default);
        await h.Engine.StartAsync(c.Id, default);
        var pid = h.Engine.Get(c.Id).State.Pid;

        var engine = h.Build(); // the daemon came back
        await engine.RecoverAsync(default);
        var state = engine.Get("keep").State;
        Assert.Equal(ContainerStatus.Running, state.Status);
        Assert.Equal(pid, state.Pid);
        Assert.Equal(1, h.Runtime.Creates);
        Assert.True(h.Oom.Watched.ContainsKey(c.Id));
    }

    [Fact]
    public async Task Exits_while_down_get_the_recorded_code_and_restart_policies_then_apply()
    {
        await using var h = new EngineHarness();
        var plain = await h.Engine.CreateAsync(new CreateContainerRequest { Image = "busybox", Name = "plain" }, default);
        var always = await h.Engine.CreateAsync(new CreateContainerRequest { Image = "busybox", Name = "always", RestartPolicy = "always" }, default);
        await h.Engine.StartAsync(plain.Id, default);
        await h.Engine.StartAsync(always.Id, default);

        // Both exit while no engine listens: only conmon's exit files record it.
        h.Runtime.Engine = null;
        foreach (var id in new[] { plain.Id, always.Id })
        {
            h.Runtime.States[id] = h.Runtime.States[id] with { Status = "stopped" };
            h.Runtime.ExitCodes[id] = 3;
        }

        var engine = h.Build();
        await engine.RecoverAsync(default);
        var plainState = engine.Get("plain").State;
        Assert.Equal(ContainerStatus.Exited, plainState.Status);
        Assert.Equal(3, plainState.ExitCode);
        var alwaysState = await h.EventuallyAsync(() => engine.Get("always").State, s => s.Status == ContainerStatus.Running);
        Assert.Equal(ContainerStatus.Running, alwaysState.Status);
        Assert.Equal(1, alwaysState.RestartCount);
        Assert.Contains(h.Events.Events, e => e.ActorId == plain.Id && e.Action == "die" && e.Attributes["exitCode"] == "3");
    }
}
