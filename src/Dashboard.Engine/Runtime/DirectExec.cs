using System.ComponentModel;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Runtime;

/// <summary>
/// An attached exec without a terminal, run as the daemon's own child: <c>runc exec --process SPEC --pid-file PID ID</c>
/// in the foreground, its stdin, stdout and stderr on sockets to the daemon (<see cref="DirectExecStreams"/>). runc
/// joins the container's namespaces and cgroup and applies its capabilities, no_new_privileges and seccomp filter, as
/// it does under conmon; in the foreground it copies the process's output to its own, forwards the signals it gets to
/// the process, waits for it and exits with its code (128+N for signal N). This skips what conmon adds to every exec:
/// conmon's start, the start-pipe and attach-socket handshake, runc's detach, and conmon's pid and exit files.
/// <para>
/// What is lost is what conmon is for: surviving the daemon. The process is tied to the daemon's streams, so it lives
/// as long as its client's connection does, which a daemon restart ends (Docker's attached exec loses its client with
/// dockerd too). A daemon that stops kills it (<c>ContainerEngine.DisposeAsync</c>); one that crashes leaves runc to
/// init, and the process runs on in the container until it ends or the container stops. Detached execs (<c>-d</c>),
/// which must outlive the daemon, and terminals (whose resize goes through conmon's control FIFO) keep conmon.
/// </para>
/// </summary>
internal sealed class DirectExec(ConmonRuntime runtime, RuntimeExecRequest request, ILogger logger)
{
    private const int SigKill = 9;

    public async Task<RuntimeExecProcess> RunAsync(CancellationToken cancellationToken)
    {
        List<string> arguments = ["--root", runtime.Paths.RuntimeRoot, "exec", "--process", request.ProcessSpecPath, "--pid-file", request.PidFile, request.ContainerId];
        logger.LogDebug("Starting {Runtime} {Arguments}", runtime.Path, string.Join(' ', arguments));
        var (stdinOurs, stdinTheirs) = request.Stdin ? SocketPair() : (null, -1);
        var (stdoutOurs, stdoutTheirs) = SocketPair();
        var (stderrOurs, stderrTheirs) = SocketPair();
        int runcPid;
        try
        {
            runcPid = DetachedSpawner.SpawnWithStdio(runtime.Path, arguments, ConmonArguments.Environment, request.SessionDir,
                stdinTheirs, stdoutTheirs, stderrTheirs);
        }
        catch
        {
            stdinOurs?.Dispose();
            stdoutOurs.Dispose();
            stderrOurs.Dispose();
            throw;
        }
        finally
        {
            // runc holds its own copies; ours must go or our ends never see its end.
            if (stdinTheirs >= 0) NativeMethods.close(stdinTheirs);
            NativeMethods.close(stdoutTheirs);
            NativeMethods.close(stderrTheirs);
        }

        var streams = new DirectExecStreams(stdinOurs, stdoutOurs, stderrOurs);
        var runner = new Runner(runcPid);
        // runc closes its output only when it exits, so its end is the end of both streams; reaped right after.
        var exited = runner.ReapAfterAsync(streams.Completion);
        try
        {
            var pid = await WaitForStartAsync(exited, cancellationToken).ConfigureAwait(false);
            if (pid is { } started)
                return new RuntimeExecProcess(started, conmonPid: 0, streams, exited) { RunnerPid = runcPid, Kill = () => runner.Kill(started) };
            // runc wrote the pid file before it waited for the process: it ended without starting it.
            var text = ConmonSyncMessage.CleanRuntimeError(await streams.ReadStderrToEndAsync(CancellationToken.None).ConfigureAwait(false));
            var code = await exited.ConfigureAwait(false);
            streams.Dispose();
            if (text.Length > 0) throw new ExecStartFailedException(text, ExecStartFailedException.ExitCodeFor(text));
            throw new OciRuntimeException($"{runtime.Name} exec", code, "the runtime ended without starting the exec");
        }
        catch (Exception ex) when (ex is not ExecStartFailedException and not OciRuntimeException)
        {
            runner.KillRunner();
            streams.Dispose();
            await exited.ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The process's pid once runc has written it, or null when runc ended first. runc writes the file (a
    /// rename, so it is whole) right after the process started, and there is no event for it cheaper than a look every
    /// millisecond: a start takes 10-30 ms.</summary>
    private async Task<int?> WaitForStartAsync(Task<int> exited, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConmonRuntime.CreateTimeout);
        while (true)
        {
            if (File.Exists(request.PidFile) && ConmonRuntime.ReadPidFile(request.PidFile) is { } pid) return pid;
            if (exited.IsCompleted) return ConmonRuntime.ReadPidFile(request.PidFile);
            await Task.WhenAny(exited, Task.Delay(1, timeout.Token)).ConfigureAwait(false);
            timeout.Token.ThrowIfCancellationRequested();
        }
    }

    /// <summary>The daemon's runc child: reaped once, and signalled only before that, under one lock, so a signal never
    /// reaches a pid the kernel has given to another process since.</summary>
    private sealed class Runner(int pid)
    {
        /// <summary>How long runc has, once its process is killed, to reap it and exit before it is killed too (it waits
        /// for the output of children the process left behind).</summary>
        private static readonly TimeSpan s_reapGrace = TimeSpan.FromSeconds(1);

        private readonly Lock _gate = new();
        private bool _reaped;
        private Task _exited = Task.CompletedTask;

        /// <summary>runc's exit code (the process's) once its output has ended (it closes it only by exiting); it is
        /// reaped then, never left a zombie.</summary>
        public Task<int> ReapAfterAsync(Task outputEnded)
        {
            var exited = ReapAsync(outputEnded);
            _exited = exited;
            return exited;
        }

        /// <summary>SIGKILL to the process (runc's child, which runc reaps just before it exits; pids are handed out in
        /// sequence, so none is reused in those few milliseconds), then to runc if it has not exited a second later.
        /// runc is not killed first: a process whose parent dies unreaped is left a zombie for init.</summary>
        public void Kill(int processPid)
        {
            lock (_gate)
            {
                if (_reaped) return;
                NativeMethods.kill(processPid, SigKill);
            }
            _ = KillRunnerAfterGraceAsync();
        }

        /// <summary>SIGKILL to runc itself (a start that is given up: there is no process yet).</summary>
        public void KillRunner()
        {
            lock (_gate)
                if (!_reaped) NativeMethods.kill(pid, SigKill);
        }

        private async Task<int> ReapAsync(Task outputEnded)
        {
            await outputEnded.ConfigureAwait(false);
            return await Task.Run(() =>
            {
                lock (_gate)
                {
                    _reaped = true;
                    return DetachedSpawner.WaitForExit(pid) ?? -1;
                }
            }).ConfigureAwait(false);
        }

        private async Task KillRunnerAfterGraceAsync()
        {
            await Task.WhenAny(_exited, Task.Delay(s_reapGrace)).ConfigureAwait(false);
            KillRunner();
        }
    }

    private static unsafe (Socket Ours, int Theirs) SocketPair()
    {
        var fds = stackalloc int[2];
        if (NativeMethods.socketpair(NativeMethods.AF_UNIX, NativeMethods.SOCK_STREAM | NativeMethods.SOCK_CLOEXEC, 0, fds) != 0)
            throw new Win32Exception(Marshal.GetLastPInvokeError(), "socketpair failed");
        var theirs = DetachedSpawner.MoveAboveStdio(fds[1]);
        return (new Socket(new SafeSocketHandle(fds[0], ownsHandle: true)), theirs);
    }
}
