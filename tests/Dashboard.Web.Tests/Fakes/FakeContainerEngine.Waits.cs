using Dashboard.Engine;
using Dashboard.Engine.Containers;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>Waits as the real engine registers them: before the first await, so an exit right after is not missed.</summary>
public sealed partial class FakeContainerEngine
{
    public Task<WaitResult> WaitAsync(string reference, WaitCondition condition, CancellationToken cancellationToken)
    {
        Task<int> waitFor;
        lock (_lock)
        {
            FakeContainer c;
            try { c = Find(reference); }
            catch (EngineException e) { return Task.FromException<WaitResult>(e); }
            var status = c.Record.State.Status;
            waitFor = condition switch
            {
                WaitCondition.Removed => c.Removed.Task,
                WaitCondition.NextExit => c.NextExit,
                _ => status.IsAlive() || status == ContainerStatus.Restarting ? c.NextExit : Task.FromResult(c.Record.State.ExitCode ?? 0),
            };
        }
        return WaitForAsync(waitFor, cancellationToken);
    }

    private static async Task<WaitResult> WaitForAsync(Task<int> exit, CancellationToken cancellationToken) =>
        new(await exit.WaitAsync(cancellationToken), null);
}
