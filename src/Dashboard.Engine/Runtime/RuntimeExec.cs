namespace Dashboard.Engine.Runtime;

/// <summary>
/// One exec: attached without a terminal, the daemon runs <c>runc exec</c> itself (<see cref="DirectExec"/>); otherwise
/// through conmon --exec: <paramref name="SessionDir"/> is the session's own directory (conmon's -b: its attach
/// socket, control FIFOs, pid files and exit directory go there) and already holds the process spec at
/// <paramref name="ProcessSpecPath"/>. The runtime runs "exec --process SPEC --detach [--tty] CONTAINER", so the process
/// joins the container's namespaces and cgroup under the container's seccomp filter.
/// </summary>
public sealed record RuntimeExecRequest(string ContainerId, string SessionId, string SessionDir, string ProcessSpecPath)
{
    /// <summary>conmon -t: the process runs on a terminal conmon holds (resized through SessionDir/ctl).</summary>
    public bool Terminal { get; init; }

    /// <summary>conmon -i: the process's stdin is a pipe (or the terminal) that the attach connection writes to.</summary>
    public bool Stdin { get; init; }

    /// <summary>conmon --exec-attach: the attach connection is made before the process runs, so it misses no output.
    /// Without it the process's output goes nowhere (exec output is not logged, as in Docker).</summary>
    public bool Attach { get; init; }

    public string ExitDir => Path.Combine(SessionDir, "exit");
    public string PidFile => Path.Combine(SessionDir, "pid");
    public string ConmonPidFile => Path.Combine(SessionDir, "conmon.pid");
}

/// <summary>A running exec: its process, its conmon (or the runc the daemon runs itself), the attach connection (when
/// asked for) and its end.</summary>
public sealed class RuntimeExecProcess(int pid, int conmonPid, IAttachConnection? attach, Task<int> exited)
{
    public int Pid { get; } = pid;

    /// <summary>0 for an exec the daemon runs without conmon (see <see cref="RunnerPid"/>).</summary>
    public int ConmonPid { get; } = conmonPid;

    /// <summary>The daemon's own child <c>runc exec</c> of an exec run without conmon (see <see cref="DirectExec"/>);
    /// 0 under conmon.</summary>
    public int RunnerPid { get; init; }

    /// <summary>Kills the process of an exec the daemon runs itself (and its runc, if that has not exited a second
    /// later); null under conmon.</summary>
    public Action? Kill { get; init; }

    /// <summary>Connected before the process ran; the caller owns it.</summary>
    public IAttachConnection? Attach { get; } = attach;

    /// <summary>The process's exit code (128+N for signal N), as conmon reports it once the output is drained; -1 when
    /// conmon ended without one (it was killed).</summary>
    public Task<int> Exited { get; } = exited;
}

/// <summary>The runtime could not start the exec's process (runc exec failed); <see cref="ExitCode"/> is Docker's for
/// it: 127 for a command that is not found, 126 for one that cannot be run.</summary>
public sealed class ExecStartFailedException(string message, int exitCode) : EngineException(message)
{
    public int ExitCode { get; } = exitCode;

    /// <summary>moby's translateContainerdStartErr: "executable file not found" and "no such file or directory" are
    /// 127, everything else (e.g. "permission denied") 126.</summary>
    public static int ExitCodeFor(string message) =>
        message.Contains("executable file not found", StringComparison.OrdinalIgnoreCase)
        || message.Contains("no such file or directory", StringComparison.OrdinalIgnoreCase)
            ? 127
            : 126;
}
