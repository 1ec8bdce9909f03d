using Dashboard.Engine;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Spec.Parsing;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>Start, stop, kill, restart, pause, unpause, remove: the real engine's status rules and messages.</summary>
public sealed partial class FakeContainerEngine
{
    private const int SigKill = 9;

    public async Task<bool> StopAsync(string reference, int? timeoutSeconds, string? signal, CancellationToken cancellationToken)
    {
        Task<int> exited;
        FakeContainer c;
        int number;
        int timeout;
        lock (_lock)
        {
            c = Find(reference);
            if (!c.Record.State.Status.IsAlive()) return false;
            number = ParseSignal(signal ?? c.Record.Config.StopSignal ?? "SIGTERM");
            timeout = timeoutSeconds ?? c.Record.Config.StopTimeout ?? 10;
            c.UpdateState(s => s with { StoppedByUser = true });
            exited = c.NextExit;
            Signal(c, number);
        }
        // A stop signal the process ignores: SIGKILL after the timeout, as the real engine does.
        if (!Terminates(number) && timeout >= 0 && await Task.WhenAny(exited, Task.Delay(TimeSpan.FromSeconds(timeout))) != exited)
            lock (_lock) Signal(c, SigKill);
        await exited;
        return true;
    }

    /// <summary>Unlike the real engine, which returns once runc has sent the signal, this waits for a terminating
    /// signal's exit, so a test can read the exit code right after (moby does wait for SIGKILL).</summary>
    public async Task KillAsync(string reference, string? signal, CancellationToken cancellationToken)
    {
        Task<int> exited;
        lock (_lock)
        {
            var c = Find(reference);
            var number = ParseSignal(signal ?? "SIGKILL");
            if (!c.Record.State.Status.CanKill())
                throw new InvalidContainerStateException(c.Record.Id, "not running", "kill");
            if (!Terminates(number)) return;
            exited = c.NextExit;
            Signal(c, number);
        }
        await exited;
    }

    public async Task RestartAsync(string reference, int? timeoutSeconds, CancellationToken cancellationToken)
    {
        await StopAsync(reference, timeoutSeconds, null, cancellationToken);
        await StartAsync(reference, cancellationToken);
    }

    public Task PauseAsync(string reference, CancellationToken cancellationToken) => ChangeFreezer(reference, pause: true);

    public Task UnpauseAsync(string reference, CancellationToken cancellationToken) => ChangeFreezer(reference, pause: false);

    /// <summary>Only the status changes: the script keeps running while "paused".</summary>
    private Task ChangeFreezer(string reference, bool pause)
    {
        lock (_lock)
        {
            var c = Find(reference);
            var status = c.Record.State.Status;
            if (pause ? !status.CanPause() : !status.CanUnpause())
                throw new InvalidContainerStateException(c.Record.Id,
                    status == ContainerStatus.Paused ? "paused" : status == ContainerStatus.Running ? "not paused" : "not running",
                    pause ? "pause" : "unpause");
            c.UpdateState(s => s with { Status = pause ? ContainerStatus.Paused : ContainerStatus.Running });
        }
        return Task.CompletedTask;
    }

    public async Task RemoveAsync(string reference, bool force, CancellationToken cancellationToken)
    {
        Task<int>? exited = null;
        FakeContainer c;
        lock (_lock)
        {
            c = Find(reference);
            if (c.Record.State.Status.IsAlive())
            {
                if (!force) throw new ConflictRemoveException(c.Record.Name);
                exited = c.NextExit;
                Signal(c, SigKill);
            }
        }
        if (exited is not null) await exited;
        lock (_lock) Remove(c);
    }

    /// <summary>Force-removes every container, so that no script task outlives the test that started it.</summary>
    public async Task RemoveAllAsync()
    {
        foreach (var record in List())
        {
            try { await RemoveAsync(record.Id, force: true, CancellationToken.None); }
            catch (ContainerNotFoundException) { } // auto-removed meanwhile
        }
    }

    private void Remove(FakeContainer c)
    {
        if (c.Removed.Task.IsCompleted) return;
        c.UpdateState(s => s with { Status = ContainerStatus.Removing });
        _containers.Remove(c.Record.Id);
        _feed.Publish(ContainerChangeKind.Removed, c.Record);
        c.SignalRemoved();
    }

    private static int ParseSignal(string signal) =>
        Signals.TryParse(signal, out var number, out var error) ? number : throw new ValidationException("signal", error);

    /// <summary>Signals a shell's default action does not end it with: CHLD, CONT, STOP and the tty ones, URG, WINCH.</summary>
    private static bool Terminates(int signal) => signal is not (17 or 18 or 19 or 20 or 21 or 22 or 23 or 28);
}
