using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Runtime;

/// <summary>
/// A thin wrapper over conmon + an OCI runtime (runc or crun). No state rules: the caller decides what is allowed.
/// Every runtime call uses the engine's own runtime root (RunRoot/runtime) so it never sees other engines' containers.
/// Failures throw <see cref="OciRuntimeException"/> carrying the runtime's stderr.
/// </summary>
public interface IContainerRuntime
{
    /// <summary>"runc" or "crun".</summary>
    string Name { get; }
    string Path { get; }
    string Version { get; }
    string ConmonPath { get; }
    string ConmonVersion { get; }

    /// <summary>Starts conmon, which runs "runtime create" on the bundle and then keeps the container's stdio, log
    /// and exit file; returns once the container process exists (created, not yet started).</summary>
    Task<RuntimeCreateResult> CreateAsync(RuntimeCreateRequest request, CancellationToken cancellationToken);

    /// <summary>runtime start: runs the user's process.</summary>
    Task StartAsync(string id, CancellationToken cancellationToken);

    /// <summary>runtime kill; with <paramref name="all"/> every process in the container.</summary>
    Task KillAsync(string id, int signal, bool all, CancellationToken cancellationToken);

    /// <summary>runtime delete (with --force when asked). Succeeds when the runtime no longer knows the id.</summary>
    Task DeleteAsync(string id, bool force, CancellationToken cancellationToken);

    Task PauseAsync(string id, CancellationToken cancellationToken);

    Task ResumeAsync(string id, CancellationToken cancellationToken);

    /// <summary>runtime update: changes the cgroup limits of a running (or paused) container. Null fields of
    /// <paramref name="limits"/> are left unchanged. The default body lets implementations written before this member
    /// (test fakes) keep compiling; <see cref="ConmonRuntime"/> implements it.</summary>
    Task UpdateAsync(string id, ResourceLimits limits, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot update a container's limits.");

    /// <summary>Connects to the attach socket conmon keeps in the container's bundle from before the runtime's create
    /// until the container has exited (see <see cref="ConmonAttach"/>). Throws <see cref="AttachUnavailableException"/>
    /// when no conmon listens there. The default body is <see cref="ConmonRuntime"/>'s; test fakes may hand out one end
    /// of a socket pair instead.</summary>
    Task<ConmonAttach> AttachAsync(string id, string bundlePath, CancellationToken cancellationToken) =>
        ConmonAttach.ConnectAsync(bundlePath, cancellationToken);

    /// <summary>Runs a process in a running container through conmon --exec (see <see cref="ConmonExec"/>). Returns once
    /// the process runs; throws <see cref="ExecStartFailedException"/> when the runtime cannot start it. The default body
    /// lets test fakes written before this member keep compiling.</summary>
    Task<RuntimeExecProcess> ExecAsync(RuntimeExecRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot exec.");

    /// <summary>Resizes the terminal that the conmon of <paramref name="bundlePath"/> holds (see
    /// <see cref="ConmonControl"/>). Throws <see cref="AttachUnavailableException"/> when that conmon has exited.</summary>
    void ResizeTerminal(string bundlePath, ushort height, ushort width) => ConmonControl.Resize(bundlePath, height, width);

    /// <summary>runtime state; null when the runtime does not know the id.</summary>
    Task<RuntimeState?> StateAsync(string id, CancellationToken cancellationToken);

    /// <summary>Where conmon writes the exit code file of a container: RunRoot/exits/ID.</summary>
    string ExitFilePath(string id);

    /// <summary>The exit code conmon recorded, or null when the container has not exited (or conmon never ran).</summary>
    int? ReadExitCode(string id);

    /// <summary>Removes the conmon exit file, pid files and sockets of a container.</summary>
    void CleanupFiles(string id);
}

public sealed record RuntimeCreateRequest(
    string Id,
    /// <summary>Directory holding config.json and rootfs.</summary>
    string BundlePath,
    /// <summary>conmon writes the container's stdout/stderr here in k8s-file format.</summary>
    string LogPath)
{
    /// <summary>conmon's --log-size-max: when the next record would make the log larger, conmon replaces it with a new
    /// empty file (renaming ctr.log.tmp over it). 0: no limit.</summary>
    public long LogSizeMax { get; init; }

    /// <summary>conmon --stdin: the container's stdin is a pipe that attach connections write to (docker run -i);
    /// otherwise /dev/null.</summary>
    public bool Stdin { get; init; }

    /// <summary>conmon --leave-stdin-open: an attach connection that closes does not close the container's stdin
    /// (docker run -d -i, stdin open across attaches). Without it the first attach to end its input closes stdin
    /// (docker run -i, Docker's StdinOnce).</summary>
    public bool LeaveStdinOpen { get; init; }

    /// <summary>conmon -t: the runtime creates a pseudo-terminal (the spec says terminal: true) and hands its master to
    /// conmon through the console socket conmon makes; stdout and stderr are one stream, attach and log carry it as
    /// stdout.</summary>
    public bool Terminal { get; init; }
}

public sealed record RuntimeCreateResult(int Pid, int ConmonPid);

/// <summary>What "runtime state ID" prints: status is "creating", "created", "running", "paused" or "stopped".</summary>
public sealed record RuntimeState(string Id, string Status, int Pid, string Bundle);
