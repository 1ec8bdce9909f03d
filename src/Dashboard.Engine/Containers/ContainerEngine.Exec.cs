using System.Collections.Concurrent;
using System.Security.Cryptography;
using Dashboard.Engine.Events;
using Dashboard.Engine.Runtime;
using Dashboard.Engine.Spec;
using Dashboard.Engine.Spec.Parsing;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Containers;

/// <summary>
/// Exec sessions (docker exec). A session is created (checked, not run), then started once: the engine writes the
/// process spec (the container's own process with the exec's command, env, user, working directory and terminal) into
/// RunRoot/exec/CONTAINER/SESSION and runs it there: detached or with a terminal through conmon --exec, attached without
/// a terminal (the common `docker exec web cmd`) as the daemon's own `runc exec` child, without conmon's costs (see
/// <see cref="Runtime.DirectExec"/>). The process runs in the container's namespaces and cgroup under its capabilities,
/// no_new_privileges and seccomp either way. When it ends, its exit code is kept in memory (for inspect) and its
/// directory removed at once; the record goes <see cref="ExecSession.Retention"/> after, or with its container. After
/// a daemon restart a detached exec's conmon and process go on (conmon is detached); its record is gone, and its
/// directory is removed with the container. An attached exec ends with the daemon (see <see cref="EndDirectExecsAsync"/>).
/// The exec_create, exec_start and exec_die events are stored in that order, but no exec call waits for them: each is a
/// durable SQLite commit (an fsync), and three of them on the path of every `docker exec` cost it more than conmon
/// does (moby too sets the exit code before it logs exec_die).
/// </summary>
public sealed partial class ContainerEngine
{
    private readonly ConcurrentDictionary<string, ExecSession> _execs = new(StringComparer.Ordinal);

    public async Task<string> CreateExecAsync(string reference, ExecRequest request, CancellationToken cancellationToken)
    {
        ValidateExec(request);
        // Under the container's lock, as every call that adds to a container's state: a remove either ran before (404)
        // or runs after and takes this session with the container's others, so none outlives its container.
        using var lease = await LockAsync(reference, cancellationToken);
        var record = lease.Entry.Record;
        CheckExecTarget(record);
        ForgetExpiredExecs();
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var session = new ExecSession(id, record.Id, request, new RuntimePaths(_options.RunRoot).ExecSessionDir(record.Id, id));
        _execs[id] = session;
        PublishExecEvent(session, EventActions.ExecCreate, record, ExecAttributes(session));
        return id;
    }

    public ExecSnapshot InspectExec(string execId) => FindExec(execId).Snapshot();

    /// <summary>
    /// Runs the session's process. Detached: returns null once it runs. Attached: returns the attachment, connected
    /// before the process ran; the caller reads it to its end (the process's end) and disposes it. The container's
    /// lock is held only while the process is being started, so a stop or remove never waits for a session.
    /// </summary>
    public async Task<IContainerAttachment?> StartExecAsync(string execId, bool detach, CancellationToken cancellationToken)
    {
        var session = FindExec(execId);
        lock (session.Gate)
        {
            if (session.Started) throw new ExecAlreadyStartedException(session.Id, session.Running);
            session.Started = true;
        }
        ContainerAttachment? attachment = null;
        RuntimeExecProcess? process = null;
        try
        {
            using var lease = await LockAsync(session.ContainerId, cancellationToken);
            var entry = lease.Entry;
            CheckExecTarget(entry.Record);
            var request = session.Request;
            var attach = !detach;
            Directory.CreateDirectory(session.Directory);
            var specPath = Path.Combine(session.Directory, "process.json");
            var bundle = _snapshotter.ContainerDirectory(session.ContainerId);
            var spec = ExecProcessSpec.Build(await File.ReadAllTextAsync(Path.Combine(bundle, "config.json"), CancellationToken.None),
                new ExecProcessOverrides
                {
                    Args = request.Cmd,
                    Env = request.Env,
                    Cwd = request.WorkingDir,
                    User = string.IsNullOrEmpty(request.User) ? null : PasswdResolver.Resolve(_snapshotter.RootfsPath(session.ContainerId), request.User),
                    Terminal = request.Tty,
                    ConsoleSize = request.Tty ? TerminalSize.From(request.ConsoleSize, "ConsoleSize") : null,
                    AllCapabilities = request.Privileged ? _hostLimits.Capabilities : null,
                });
            await File.WriteAllTextAsync(specPath, spec, CancellationToken.None);
            process = await _runtime.ExecAsync(new RuntimeExecRequest(session.ContainerId, session.Id, session.Directory, specPath)
            {
                Terminal = request.Tty,
                Stdin = attach && request.AttachStdin,
                Attach = attach,
            }, cancellationToken);
            lock (session.Gate)
            {
                session.Running = true;
                session.Pid = process.Pid;
                session.ConmonPid = process.ConmonPid;
                session.RunnerPid = process.RunnerPid;
                session.KillDirect = process.Kill;
                session.StartedAt = DateTimeOffset.UtcNow;
            }
            if (process.Attach is { } connection)
            {
                attachment = new ContainerAttachment(session.ContainerId,
                    new AttachRequest { Stdin = request.AttachStdin, Stdout = request.AttachStdout, Stderr = request.AttachStderr },
                    stdin: request.AttachStdin, stdinOnce: true, lingerOnDispose: false, entry.Attachments);
                entry.Attachments.AddLive(attachment);
                attachment.Connect(connection);
            }
            PublishExecEvent(session, EventActions.ExecStart, entry.Record, ExecAttributes(session));
            _ = FinishExecAsync(session, process.Exited);
            return attachment;
        }
        catch (ExecStartFailedException ex)
        {
            _logger.LogDebug("Exec {Exec} in {Id} could not start: {Reason}", session.Id[..12], session.ContainerId[..12], ex.Message);
            EndExec(session, ex.ExitCode);
            throw;
        }
        catch (Exception)
        {
            attachment?.End();
            // A process the daemon runs itself has nobody to read it once its session is given up: it ends too.
            if (attachment is null) process?.Attach?.Dispose();
            process?.Kill?.Invoke();
            EndExec(session, 126);
            throw;
        }
    }

    public Task ResizeExecAsync(string execId, ushort height, ushort width, CancellationToken cancellationToken)
    {
        var session = FindExec(execId);
        var snapshot = session.Snapshot();
        if (!session.Request.Tty)
            throw new ExecNoTerminalException($"exec {execId} has no terminal to resize: it was created without a TTY (-t)");
        if (!snapshot.Running)
            throw new ExecNoTerminalException($"exec {execId} is not running: {(snapshot.ExitCode is null ? "start it first" : "it has exited")}");
        try
        {
            _runtime.ResizeTerminal(session.Directory, height, width);
        }
        catch (AttachUnavailableException)
        {
            throw new ExecNoTerminalException($"exec {execId} is not running: it has exited");
        }
        return Task.CompletedTask;
    }

    /// <summary>Completes with the session's exit code once it has ended (its exec_die is published after).</summary>
    public Task<int> WaitExecAsync(string execId, CancellationToken cancellationToken) =>
        FindExec(execId).Exited.WaitAsync(cancellationToken);

    /// <summary>Exec sessions the engine holds (for tests: none may outlive its container).</summary>
    internal int ExecSessionCount => _execs.Count;

    private async Task FinishExecAsync(ExecSession session, Task<int> exited)
    {
        var code = await exited.ConfigureAwait(false);
        EndExec(session, code);
    }

    private void EndExec(ExecSession session, int exitCode)
    {
        // The exit code first: the docker CLI inspects the session as soon as the stream ends, and removing the files
        // (a few unlinks, which wait for the journal of a busy disk) need not hold it up.
        session.End(exitCode);
        RemoveExecFiles(session.ContainerId, session.Id);
        if (_table.TryResolve(session.ContainerId, out var entry))
        {
            var attributes = ExecAttributes(session);
            attributes[EventAttributeKeys.ExitCode] = exitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
            PublishExecEvent(session, EventActions.ExecDie, entry.Record, attributes);
        }
    }

    /// <summary>Stores and sends an exec event after the session's earlier ones, without holding up the caller;
    /// <see cref="DisposeAsync"/> waits for it.</summary>
    private void PublishExecEvent(ExecSession session, string action, ContainerRecord record, Dictionary<string, string> attributes)
    {
        var published = session.ChainEvent(() => PublishAsync(action, record, attributes));
        _background[published] = 0;
        published.ContinueWith(t => _background.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>The session's directory and conmon's socket link (conmon removes the link itself, unless it was killed).</summary>
    private void RemoveExecFiles(string containerId, string sessionId)
    {
        var paths = new RuntimePaths(_options.RunRoot);
        TryCleanup(() =>
        {
            DeleteDirectory(paths.ExecSessionDir(containerId, sessionId));
            var link = new FileInfo(paths.SocketLink(sessionId));
            if (link.LinkTarget is not null || link.Exists) link.Delete();
        });
    }

    /// <summary>On remove (the container is no longer alive): every session of the container is forgotten, a conmon
    /// still running (it should have ended with the container's processes) is killed, and RunRoot/exec/CONTAINER goes,
    /// with what sessions from before a daemon restart left there.</summary>
    private void ForgetExecs(string containerId)
    {
        foreach (var session in _execs.Values.Where(s => s.ContainerId == containerId).ToList())
        {
            _execs.TryRemove(session.Id, out _);
            var snapshot = session.Snapshot();
            if (snapshot.Running && session.ConmonPid > 0 && IsExecConmon(session)) NativeMethods.kill(session.ConmonPid, SigKill);
            if (snapshot.Running && session.RunnerPid > 0) KillDirectExec(session);
        }
        var paths = new RuntimePaths(_options.RunRoot);
        var dir = paths.ExecDir(containerId);
        if (!Directory.Exists(dir)) return;
        foreach (var sessionDir in Directory.EnumerateDirectories(dir)) RemoveExecFiles(containerId, Path.GetFileName(sessionDir));
        TryCleanup(() => DeleteDirectory(dir));
    }

    /// <summary>Deletes a directory tree that a session ending at the same moment may be deleting part of: an entry
    /// gone under the walk is not a failure, and the walk is tried again.</summary>
    private static void DeleteDirectory(string dir)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
                return;
            }
            catch (DirectoryNotFoundException) when (attempt < 3)
            {
            }
            catch (IOException) when (attempt < 3 && Directory.Exists(dir))
            {
            }
        }
    }

    /// <summary>Kills an exec the daemon runs itself: on remove it should have ended with its container's processes
    /// (unless the container shares a pid namespace), on daemon stop it ends with its client's stream.</summary>
    private static void KillDirectExec(ExecSession session)
    {
        Action? kill;
        lock (session.Gate) kill = session.Running ? session.KillDirect : null;
        kill?.Invoke();
    }

    /// <summary>On daemon stop: the attached execs the daemon runs itself end with it (their clients' streams do), and
    /// their runc is reaped before the daemon exits, so none is left a zombie or running without a reader.</summary>
    private async Task EndDirectExecsAsync()
    {
        var direct = _execs.Values.Where(s => s.RunnerPid > 0 && s.Snapshot().Running).ToList();
        foreach (var session in direct) KillDirectExec(session);
        await Task.WhenAll(direct.Select(s => s.Exited)).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
    }

    private static bool IsExecConmon(ExecSession session)
    {
        try
        {
            var argv = File.ReadAllText($"/proc/{session.ConmonPid}/cmdline").Split('\0');
            return argv.Length > 1 && Path.GetFileName(argv[0]) == "conmon" && argv.Contains(session.Id);
        }
        catch (IOException)
        {
            return false;
        }
    }

    private void ForgetExpiredExecs()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var session in _execs.Values)
            if (session.IsExpired(now)) _execs.TryRemove(session.Id, out _);
    }

    private ExecSession FindExec(string execId)
    {
        if (_execs.TryGetValue(execId, out var session) && !session.IsExpired(DateTimeOffset.UtcNow)) return session;
        throw new ExecNotFoundException(execId);
    }

    private static void CheckExecTarget(ContainerRecord record)
    {
        switch (record.State.Status)
        {
            case ContainerStatus.Running:
                return;
            case ContainerStatus.Paused:
                throw new ExecPausedException(record.Id);
            case ContainerStatus.Restarting:
                throw new ExecRestartingException(record.Id);
            default:
                throw new ContainerNotRunningException(record.Id);
        }
    }

    private static void ValidateExec(ExecRequest request)
    {
        var errors = new List<FieldError>();
        if (request.Cmd.Count == 0 || request.Cmd[0].Length == 0)
            errors.Add(new FieldError("Cmd", "No exec command specified: give the command to run, e.g. docker exec web sh"));
        if (!string.IsNullOrEmpty(request.WorkingDir) && !request.WorkingDir.StartsWith('/'))
            errors.Add(new FieldError("WorkingDir", $"the working directory '{request.WorkingDir}' is invalid, it needs to be an absolute path"));
        foreach (var entry in request.Env)
            if (!EnvEntries.TryValidate(entry, out var error)) errors.Add(new FieldError("Env", error));
        if (!string.IsNullOrEmpty(request.User) && !UserSpec.TryValidate(request.User, out var userError))
            errors.Add(new FieldError("User", userError));
        if (errors.Count > 0) throw new ValidationException(errors);
        if (request.Tty) TerminalSize.From(request.ConsoleSize, "ConsoleSize");
    }

    private static Dictionary<string, string> ExecAttributes(ExecSession session) => new()
    {
        [EventAttributeKeys.ExecId] = session.Id,
        [EventAttributeKeys.ExecCommand] = string.Join(' ', session.Request.Cmd),
    };
}
