using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Containers;

/// <summary>
/// The container lifecycle, the one entry point used by every edge (Docker API, native API, UI). Every method that
/// takes a reference accepts a full id, a unique id prefix or a name (with or without a leading "/").
/// Errors are typed: <see cref="ContainerNotFoundException"/> (404), <see cref="ConflictException"/> (409),
/// <see cref="ValidationException"/> (400), <see cref="StorageFullException"/> (507: the data root's disk is full; what
/// the call did is undone), <see cref="OciRuntimeException"/> (500). A call that loses a race to another (the container
/// was removed, or exited, meanwhile) is a 404 or a 409, never a 500.
/// </summary>
public interface IContainerEngine
{
    IReadOnlyList<ContainerRecord> List();

    ContainerRecord Get(string reference);

    /// <summary>A snapshot of every container and then each change (added, updated, removed) in order.</summary>
    ContainerWatch Watch(int capacity = 4096);

    /// <summary>Changes cpu, memory, swap, pids and shares limits: validated like create, applied to a running
    /// container's cgroup at once (runc update), persisted, and published as a limits-updated event.</summary>
    Task<ContainerRecord> UpdateLimitsAsync(string reference, LimitsUpdate update, CancellationToken cancellationToken);

    /// <summary>Validates, resolves the image, persists the definition and prepares the bundle. Nothing is left
    /// behind when it throws.</summary>
    Task<ContainerRecord> CreateAsync(CreateContainerRequest request, CancellationToken cancellationToken);

    /// <summary>Returns false when it was already running (Docker answers 304).</summary>
    Task<bool> StartAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Sends the stop signal, waits up to the timeout, then SIGKILL; returns when the process is gone.
    /// Returns false when it was not running.</summary>
    Task<bool> StopAsync(string reference, int? timeoutSeconds, string? signal, CancellationToken cancellationToken);

    /// <summary>Sends a signal (name like "KILL", "SIGHUP" or a number). 409 when not running.</summary>
    Task KillAsync(string reference, string? signal, CancellationToken cancellationToken);

    Task RestartAsync(string reference, int? timeoutSeconds, CancellationToken cancellationToken);

    Task PauseAsync(string reference, CancellationToken cancellationToken);

    Task UnpauseAsync(string reference, CancellationToken cancellationToken);

    /// <summary>Removes the container, its bundle and its writable layer. A running container needs force (it is
    /// killed first).</summary>
    Task RemoveAsync(string reference, bool force, CancellationToken cancellationToken);

    /// <summary>docker rm [-v]: with <paramref name="removeVolumes"/> the container's anonymous volumes go too (named
    /// volumes always stay). Engines without volumes have nothing more to remove.</summary>
    Task RemoveAsync(string reference, bool force, bool removeVolumes, CancellationToken cancellationToken) =>
        RemoveAsync(reference, force, cancellationToken);

    /// <summary>The waiter is registered synchronously, before this method first yields, so a container that
    /// exits right after the call is not missed. Cancelling only abandons the wait.</summary>
    Task<WaitResult> WaitAsync(string reference, WaitCondition condition, CancellationToken cancellationToken);

    /// <summary>
    /// Attaches to the container's stdio through conmon's attach socket: its stdout and stderr apart, and input for
    /// its stdin when asked (and the container was created with OpenStdin). On a running container the output starts
    /// now; on one that is not running (created, exited, restarting) the attachment waits for the next start, which
    /// connects it before the process runs, so it gets the run's output from the first byte (docker run: create,
    /// attach, start). The output ends with the run (after its last byte), when the container is removed before it
    /// runs, when that start fails, or when the attachment is disposed. A paused container is a 409. The caller owns
    /// the attachment and must read it or dispose it (see <see cref="IContainerAttachment"/>).
    /// </summary>
    Task<IContainerAttachment> AttachAsync(string reference, AttachRequest request, CancellationToken cancellationToken);

    /// <summary>docker network connect: the network joins the container's definition; a running one gets its interface,
    /// address and DNS names (the container's name, short id and <paramref name="aliases"/>) at once. 404 for an unknown
    /// container or network, 409 when it is already on it or its network is the host's or another container's, 400 for
    /// a bad address or alias. Default bodies let fakes written before networks keep compiling.</summary>
    Task<ContainerRecord> ConnectNetworkAsync(string containerReference, string networkReference, IReadOnlyList<string>? aliases,
        string? ipv4Address, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot connect networks.");

    /// <summary>docker network disconnect: the network leaves the container's definition and a running one loses its
    /// interface at once. 409 when the container is not on it.</summary>
    Task<ContainerRecord> DisconnectNetworkAsync(string containerReference, string networkReference, bool force,
        CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot disconnect networks.");

    /// <summary>Resizes a running TTY container's terminal (rows, columns); no-op without a TTY; 409 when not running.
    /// The default body lets fakes written before it keep compiling; <see cref="ContainerEngine"/> implements it.</summary>
    Task ResizeAsync(string reference, ushort height, ushort width, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot resize a terminal.");

    /// <summary>Records that a TTY client left an attach (no <paramref name="execId"/>) or an exec with its detach keys
    /// (Docker's "detach" and "exec_detach" events). The default body records nothing.</summary>
    Task RecordDetachAsync(string containerId, string? execId, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Creates an exec session in a running container (checked, not run): its id. 409 when the container is
    /// not running, paused or restarting; 400 for a request that cannot run. Default bodies (here and below) let fakes
    /// written before exec keep compiling; <see cref="ContainerEngine"/> implements them.</summary>
    Task<string> CreateExecAsync(string reference, ExecRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot exec.");

    /// <summary>Runs the session's process once: detached (null once it runs) or attached (an attachment connected
    /// before the process ran, to read to the process's end and dispose). <see cref="Runtime.ExecStartFailedException"/>
    /// when the command cannot be run (its ExitCode is Docker's 126 or 127, which inspect then shows).</summary>
    Task<IContainerAttachment?> StartExecAsync(string execId, bool detach, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot exec.");

    /// <summary>The session's state; 404 (<see cref="ExecNotFoundException"/>) for an unknown or expired id.</summary>
    ExecSnapshot InspectExec(string execId) => throw new ExecNotFoundException(execId);

    /// <summary>Resizes a running TTY session's terminal; 409 without a TTY or when it is not running.</summary>
    Task ResizeExecAsync(string execId, ushort height, ushort width, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot exec.");

    /// <summary>The session's exit code once it has ended (inspect shows it from then on; its exec_die follows).</summary>
    Task<int> WaitExecAsync(string execId, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot exec.");

    /// <summary>Hangs up a running session whose client went away: SIGHUP, then SIGKILL when it still runs after
    /// <paramref name="grace"/>. Returns at once for a session that has ended; 404 for an unknown id.</summary>
    Task HangUpExecAsync(string execId, TimeSpan grace, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot exec.");

    /// <summary>The container's disk use (docker ps -s, inspect --size, prune's reclaimed space); walks its writable
    /// layer, so it costs a directory walk. The default body lets fakes written before it keep compiling.</summary>
    ContainerSize SizeOf(string reference) => throw new NotSupportedException($"{GetType().Name} cannot measure sizes.");

    /// <summary>What the container changed in its file system against its image (docker diff), sorted by path.</summary>
    IReadOnlyList<Snapshots.FileChange> ChangesOf(string reference) => throw new NotSupportedException($"{GetType().Name} cannot diff.");

    /// <summary>Reads conmon's log. With Follow, the stream ends when the container stops or the token is
    /// cancelled; for a container that is not running it returns what exists and ends.</summary>
    IAsyncEnumerable<LogEntry> ReadLogsAsync(string reference, LogOptions options, CancellationToken cancellationToken);
}
