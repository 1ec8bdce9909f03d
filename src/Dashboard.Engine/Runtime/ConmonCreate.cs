using System.Text;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Runtime;

/// <summary>
/// One "create" through conmon: start conmon detached, read {"data": PID} from the sync pipe, reap conmon's first
/// process (it forks the long-lived conmon and exits), and on any failure leave nothing behind (no runtime state,
/// no pid or exit files, no conmon).
/// </summary>
internal sealed class ConmonCreate(ConmonRuntime runtime, RuntimeCreateRequest request, ILogger logger)
{
    private const int SigKill = 9;
    private const int MaxStderrBytes = 64 * 1024;

    public async Task<RuntimeCreateResult> RunAsync(CancellationToken cancellationToken)
    {
        var paths = runtime.Paths;
        paths.EnsureCreated();
        var logDir = System.IO.Path.GetDirectoryName(request.LogPath);
        if (!string.IsNullOrEmpty(logDir)) Directory.CreateDirectory(logDir);
        // runc and crun keep each container's state in ROOT/ID. If it exists, refuse before touching anything:
        // the failure cleanup below force-deletes by id and must never hit a container that was already there.
        if (Directory.Exists(System.IO.Path.Combine(paths.RuntimeRoot, request.Id)))
            throw new OciRuntimeException($"{runtime.Name} create", 1, $"container with id exists: {request.Id}");
        // A stale exit file from an earlier run of the same id would be read as this run's exit.
        runtime.CleanupFiles(request.Id);
        // conmon writes an "oom" file into its working directory on every OOM kill: give it the container's own.
        var workDir = paths.CreateConmonWorkDir(request.Id);

        var arguments = ConmonArguments.Build(request, runtime.Path, paths);
        logger.LogDebug("Starting {Conmon} {Arguments}", runtime.ConmonPath, string.Join(' ', arguments));
        using var spawned = DetachedSpawner.Spawn(runtime.ConmonPath, arguments, ConmonArguments.Environment, workDir);
        // conmon's first process exits as soon as it has forked the daemonised conmon; reap it so it is no zombie.
        var firstExit = Task.Factory.StartNew(() => DetachedSpawner.WaitForExit(spawned.Pid),
            CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var stderr = ReadLimitedAsync(spawned.Stderr);
        var syncLine = new StreamReader(spawned.SyncPipe, Encoding.UTF8).ReadLineAsync(CancellationToken.None).AsTask();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConmonRuntime.CreateTimeout);
        var cancelled = Task.Delay(Timeout.Infinite, timeout.Token);
        if (await Task.WhenAny(syncLine, cancelled).ConfigureAwait(false) == cancelled)
        {
            // Killing conmon closes its end of the sync pipe, so the pending read finishes too.
            Kill(spawned.Pid);
            await firstExit.ConfigureAwait(false);
            Kill(runtime.ReadConmonPid(request.Id));
            await CleanupAfterFailureAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new OciRuntimeException("conmon", -1, $"conmon did not report the container's pid within {ConmonRuntime.CreateTimeout.TotalSeconds:0} s");
        }

        var message = ConmonSyncMessage.Parse(await syncLine.ConfigureAwait(false));
        var firstExitCode = await firstExit.ConfigureAwait(false);
        if (message is { Succeeded: true })
        {
            var conmonPid = runtime.ReadConmonPid(request.Id) ?? 0;
            logger.LogDebug("Created {Id}: pid {Pid}, conmon {ConmonPid}", request.Id, message.Data, conmonPid);
            return new RuntimeCreateResult(message.Data, conmonPid);
        }

        var stderrText = await stderr.ConfigureAwait(false);
        await CleanupAfterFailureAsync().ConfigureAwait(false);
        if (message is not null)
        {
            var text = ConmonSyncMessage.CleanRuntimeError(message.Message ?? stderrText);
            throw new OciRuntimeException($"{runtime.Name} create", 1, text.Length > 0 ? text : "the runtime failed without a message");
        }
        throw new OciRuntimeException("conmon", firstExitCode ?? -1,
            stderrText.Trim().Length > 0 ? stderrText : "conmon exited without reporting the container's pid");
    }

    private async Task CleanupAfterFailureAsync()
    {
        try
        {
            await runtime.DeleteAsync(request.Id, force: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OciRuntimeException e)
        {
            logger.LogWarning(e, "Could not delete the runtime state of failed container {Id}", request.Id);
        }
        runtime.CleanupFiles(request.Id);
    }

    private static void Kill(int? pid)
    {
        if (pid is > 0) NativeMethods.kill(pid.Value, SigKill);
    }

    private static async Task<string> ReadLimitedAsync(Stream stream)
    {
        var buffer = new byte[4096];
        var output = new MemoryStream();
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                if (output.Length < MaxStderrBytes) output.Write(buffer, 0, Math.Min(read, MaxStderrBytes - (int)output.Length));
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException)
        {
            // Disposed after a successful create: nobody needs the text any more.
        }
        return Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
    }
}
