using System.Text;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Runtime;

/// <summary>
/// One exec through conmon, as podman runs it (libpod/oci_conmon_exec_common.go, checked against conmon 2.1.6's
/// src/conmon.c). With an attach, conmon is given a start pipe (fd 4) and an attach pipe (fd 5): it blocks on the start
/// pipe before forking, so the first write lets it go on; once its attach socket listens it writes {"data": 0} to the
/// attach pipe; the engine connects and writes the start pipe again, and only then does conmon run "runtime exec". The
/// sync pipe (fd 3) then carries {"data": PID} (or a negative value and the runtime's error), and at the end of the
/// process {"data": EXIT CODE}, after conmon has drained its output and closed the attach connections. conmon also
/// writes the code to SessionDir/exit/CONTAINER, which outlives the daemon.
/// </summary>
internal sealed class ConmonExec(ConmonRuntime runtime, RuntimeExecRequest request, ILogger logger)
{
    private const int SigKill = 9;

    public async Task<RuntimeExecProcess> RunAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(request.ExitDir);
        var arguments = Arguments();
        logger.LogDebug("Starting {Conmon} {Arguments}", runtime.ConmonPath, string.Join(' ', arguments));
        var environment = new Dictionary<string, string?>(ConmonArguments.Environment);
        if (request.Attach)
        {
            environment["_OCI_STARTPIPE"] = "4";
            environment["_OCI_ATTACHPIPE"] = "5";
        }
        var spawned = DetachedSpawner.Spawn(runtime.ConmonPath, arguments, environment, request.SessionDir, execPipes: request.Attach);
        var firstExit = Task.Factory.StartNew(() => DetachedSpawner.WaitForExit(spawned.Pid),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var sync = new StreamReader(spawned.SyncPipe, Encoding.UTF8);
        ConmonAttach? attach = null;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(ConmonRuntime.CreateTimeout);
            if (request.Attach)
            {
                await SignalAsync(spawned.StartPipe!, timeout.Token);
                var ready = await new StreamReader(spawned.AttachPipe!, Encoding.UTF8).ReadLineAsync(timeout.Token);
                if (ConmonSyncMessage.Parse(ready) is null)
                    throw await FailureAsync(spawned, firstExit, "conmon did not open the exec's attach socket");
                attach = await ConmonAttach.ConnectAsync(request.SessionDir, timeout.Token);
                await SignalAsync(spawned.StartPipe!, timeout.Token);
            }
            var started = ConmonSyncMessage.Parse(await sync.ReadLineAsync(timeout.Token));
            if (started is not { Succeeded: true })
            {
                var text = ConmonSyncMessage.CleanRuntimeError(started?.Message);
                if (started is not null && text.Length > 0)
                    throw new ExecStartFailedException(text, ExecStartFailedException.ExitCodeFor(text));
                throw await FailureAsync(spawned, firstExit, "conmon ended without starting the exec");
            }
            await firstExit;
            var conmonPid = ConmonRuntime.ReadPidFile(request.ConmonPidFile) ?? 0;
            var exited = WaitForExitAsync(spawned, sync);
            return new RuntimeExecProcess(started.Data, conmonPid, attach, exited);
        }
        catch
        {
            attach?.Dispose();
            if (!firstExit.IsCompleted) NativeMethods.kill(spawned.Pid, SigKill);
            if (ConmonRuntime.ReadPidFile(request.ConmonPidFile) is { } pid) NativeMethods.kill(pid, SigKill);
            await firstExit;
            spawned.Dispose();
            throw;
        }
    }

    private List<string> Arguments() =>
    [
        "--api-version", "1",
        "-c", request.ContainerId,
        "-u", request.SessionId,
        "-n", request.ContainerId,
        "-r", runtime.Path,
        "-b", request.SessionDir,
        "-p", request.PidFile,
        "--exit-dir", request.ExitDir,
        // Docker does not log an exec's output; it only goes to the attached client.
        "-l", "none",
        "--log-level", "warning",
        "--socket-dir-path", runtime.Paths.SocketDir,
        "--conmon-pidfile", request.ConmonPidFile,
        "--runtime-arg", "--root=" + runtime.Paths.RuntimeRoot,
        "-e",
        "--exec-process-spec", request.ProcessSpecPath,
        .. request.Attach ? ["--exec-attach"] : Array.Empty<string>(),
        .. request.Terminal ? ["-t"] : Array.Empty<string>(),
        .. request.Stdin ? ["-i"] : Array.Empty<string>(),
        // A terminal's input is never closed by the client's end of input, as in Docker.
        .. request.Stdin && request.Terminal ? ["--leave-stdin-open"] : Array.Empty<string>(),
    ];

    /// <summary>Reads conmon's last message (the exit code) and closes the pipes. Without one (conmon was killed), the
    /// exit file may still hold it.</summary>
    private async Task<int> WaitForExitAsync(SpawnedProcess spawned, StreamReader sync)
    {
        try
        {
            var line = await sync.ReadLineAsync(CancellationToken.None);
            if (ConmonSyncMessage.Parse(line) is { } message) return message.Data;
            return ExitFileParser.TryRead(Path.Combine(request.ExitDir, request.ContainerId)) ?? -1;
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            return -1;
        }
        finally
        {
            spawned.Dispose();
        }
    }

    private static async Task SignalAsync(FileStream pipe, CancellationToken cancellationToken)
    {
        await pipe.WriteAsync("{\"data\":0}\n"u8.ToArray(), cancellationToken);
        await pipe.FlushAsync(cancellationToken);
    }

    private static async Task<OciRuntimeException> FailureAsync(SpawnedProcess spawned, Task<int?> firstExit, string what)
    {
        var code = await firstExit;
        var stderr = "";
        try
        {
            using var reader = new StreamReader(spawned.Stderr, Encoding.UTF8, leaveOpen: true);
            stderr = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(1));
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or ObjectDisposedException)
        {
        }
        return new OciRuntimeException("conmon", code ?? -1, stderr.Trim().Length > 0 ? stderr : what);
    }
}
