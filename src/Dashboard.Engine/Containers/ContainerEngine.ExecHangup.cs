using Dashboard.Engine.Runtime;

namespace Dashboard.Engine.Containers;

/// <summary>
/// Hanging up an exec whose client went away (the native exec WebSocket): a terminal's hangup is what ends a login
/// shell when its ssh connection drops, and an exec whose client is gone has nobody to read or type for it. Docker
/// leaves such a process running (a leak its users complain about); the native endpoint does not.
/// </summary>
public sealed partial class ContainerEngine
{
    private const int SigHup = 1;

    public async Task HangUpExecAsync(string execId, TimeSpan grace, CancellationToken cancellationToken)
    {
        var session = FindExec(execId);
        if (!Signal(session, SigHup)) return;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(grace);
        try
        {
            await session.Exited.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Signal(session, SigKill);
        }
    }

    /// <summary>Signals the session's process while it runs; under the session's gate, so the pid is the session's
    /// own (it is marked ended, under the gate, only after conmon has reaped it).</summary>
    private static bool Signal(ExecSession session, int signal)
    {
        lock (session.Gate)
        {
            if (!session.Running || session.Pid <= 0) return false;
            return NativeMethods.kill(session.Pid, signal) == 0;
        }
    }
}
