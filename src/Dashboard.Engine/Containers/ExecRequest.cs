namespace Dashboard.Engine.Containers;

/// <summary>What an exec asks for (Docker's exec create body).</summary>
public sealed record ExecRequest
{
    public IReadOnlyList<string> Cmd { get; init; } = [];
    /// <summary>KEY=VALUE entries over the container's environment.</summary>
    public IReadOnlyList<string> Env { get; init; } = [];
    /// <summary>user[:group] as in docker exec -u, resolved in the container's /etc/passwd; null: the container's.</summary>
    public string? User { get; init; }
    /// <summary>An absolute path in the container; null: the container's working directory.</summary>
    public string? WorkingDir { get; init; }
    public bool Tty { get; init; }
    public bool AttachStdin { get; init; }
    public bool AttachStdout { get; init; }
    public bool AttachStderr { get; init; }
    /// <summary>Every capability (docker exec --privileged). The edge decides who may ask (admins only over TCP).</summary>
    public bool Privileged { get; init; }
    /// <summary>The client's detach keys, kept for the edge that scans a TTY's input (null: the default).</summary>
    public string? DetachKeys { get; init; }
    /// <summary>[height, width] of the terminal at start.</summary>
    public IReadOnlyList<int>? ConsoleSize { get; init; }
}

/// <summary>An exec session as inspect shows it.</summary>
public sealed record ExecSnapshot(
    string Id,
    string ContainerId,
    ExecRequest Request,
    bool Running,
    int? ExitCode,
    int Pid,
    DateTimeOffset Created,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt);

/// <summary>No exec session with this id: never created, expired, or its container was removed.</summary>
public sealed class ExecNotFoundException(string id) : NotFoundException($"No such exec instance: {id}");

/// <summary>moby's answers to a start of a session that is running or has run (409).</summary>
public sealed class ExecAlreadyStartedException(string id, bool running)
    : ConflictException(running ? $"Error: Exec command {id} is already running" : $"Error: Exec command {id} has already run");

/// <summary>moby's answer to an exec into a paused container (409).</summary>
public sealed class ExecPausedException(string id) : ConflictException($"Container {id} is paused, unpause the container before exec");

/// <summary>moby's answer to an exec into a restarting container (409).</summary>
public sealed class ExecRestartingException(string id) : ConflictException($"Container {id} is restarting, wait until the container is running");

/// <summary>A resize of an exec that has no terminal, or has not started (Docker silently ignores the first; here it
/// is refused so that a client learns its resize changes nothing).</summary>
public sealed class ExecNoTerminalException(string message) : ConflictException(message);
