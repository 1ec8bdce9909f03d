using System.Text;
using Dashboard.Engine;
using Dashboard.Engine.Containers;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>Starting a container and running its script until it ends or a signal ends it.</summary>
public sealed partial class FakeContainerEngine
{
    /// <summary>Thrown by the next start (then cleared), recorded like a runtime failure: a test's way to make
    /// runc fail for reasons other than a missing executable.</summary>
    public OciRuntimeException? NextStartFailure { get; set; }

    public Task<bool> StartAsync(string reference, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            var c = Find(reference);
            var status = c.Record.State.Status;
            if (status.IsAlive()) return Task.FromResult(false);
            if (!status.CanStart()) throw new InvalidContainerStateException(c.Record.Id, status.DockerName(), "start");
            var steps = Steps(c);
            c.Run = new CancellationTokenSource();
            c.PendingSignal = null;
            // As the real engine: the exit code reads 0 while running, and FinishedAt keeps the previous run's.
            c.UpdateState(s => s with
            {
                Status = ContainerStatus.Running, Pid = ++_nextPid, StartedAt = DateTimeOffset.UtcNow,
                ExitCode = 0, OomKilled = false, Error = null, StoppedByUser = false,
            });
            var token = c.Run.Token;
            _ = Task.Run(() => RunAsync(c, steps, token));
            return Task.FromResult(true);
        }
    }

    /// <summary>The script, or the real engine's failed start: the error recorded, the status back to what it was,
    /// the next exit signalled with 127 (no such executable, a 400 like Docker's) or 128 (any other runtime error).</summary>
    private IReadOnlyList<FakeStep> Steps(FakeContainer c)
    {
        var image = _images.TryResolve(c.Record.ImageId, out var i) ? i : null;
        var argv = (c.Record.Config.Entrypoint ?? image?.Config.Entrypoint ?? [])
            .Concat(c.Record.Config.Cmd ?? image?.Config.Cmd ?? []).ToList();
        Exception error;
        var code = 128;
        try
        {
            if (NextStartFailure is { } failure)
            {
                NextStartFailure = null;
                throw failure;
            }
            return FakeScript.Parse(argv);
        }
        catch (UnknownProgramException e)
        {
            var runtime = new OciRuntimeException("runc create", 1,
                $"runc create failed: unable to start container process: exec: \"{e.Program}\": executable file not found in $PATH");
            error = new ValidationException("cmd", runtime.Message);
            code = 127;
        }
        catch (OciRuntimeException e)
        {
            error = e;
        }
        var started = c.Record.State.StartedAt is not null;
        c.UpdateState(s => s with { Status = started ? ContainerStatus.Exited : ContainerStatus.Created, ExitCode = code, Error = error.Message });
        c.SignalExit(code);
        throw error;
    }

    private async Task RunAsync(FakeContainer c, IReadOnlyList<FakeStep> steps, CancellationToken signalled)
    {
        var code = 0;
        try
        {
            // A process takes a moment to start: the caller of StartAsync returns first.
            await Task.Delay(20, signalled);
            foreach (var step in steps)
            {
                if (step is FakeStep.Echo echo)
                {
                    var entry = new LogEntry(DateTimeOffset.UtcNow, echo.Stderr ? LogStream.Stderr : LogStream.Stdout, Encoding.UTF8.GetBytes(echo.Text));
                    lock (_lock) c.Append(entry);
                }
                else if (step is FakeStep.Sleep sleep) await Task.Delay(sleep.Duration, signalled);
                else if (step is FakeStep.Exit exit) { code = exit.Code; break; }
            }
        }
        catch (OperationCanceledException)
        {
        }
        lock (_lock) Exit(c, c.PendingSignal is { } signal ? 128 + signal : code);
    }

    private static void Signal(FakeContainer c, int signal)
    {
        if (!Terminates(signal)) return;
        c.PendingSignal ??= signal;
        c.Run?.Cancel();
    }

    private void Exit(FakeContainer c, int code)
    {
        c.UpdateState(s => s with { Status = ContainerStatus.Exited, Pid = null, ExitCode = code, FinishedAt = DateTimeOffset.UtcNow });
        c.SignalExit(code);
        // The real engine removes an auto-remove container just after the exit; here it happens at once.
        if (c.Record.Config.AutoRemove) Remove(c);
    }
}
