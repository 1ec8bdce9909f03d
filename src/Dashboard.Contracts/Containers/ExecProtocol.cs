namespace Dashboard.Contracts.Containers;

/// <summary>
/// GET /api/containers/{ref}/exec is a WebSocket that runs one command in a running container (docker exec -i [-t]).
/// <para>
/// Query: <c>cmd</c> (repeated, at least one: the argv), <c>tty</c> (default false), <c>stdin</c> (default true),
/// <c>cols</c> and <c>rows</c> (the terminal's size at start, with <c>tty</c>; both or neither), <c>env</c> (repeated
/// KEY=VALUE), <c>user</c> (user[:group]), <c>workdir</c> (absolute), <c>privileged</c> (admins only). An unknown or
/// malformed parameter is a 400 problem naming it; a request that is not a WebSocket handshake a 400; an unknown
/// container a 404; a container that is not running (stopped, paused, restarting) a 409. All of these come before the
/// handshake is answered, since the exec is created and started first.
/// </para>
/// <para>
/// Server to client, binary: the process's output, one chunk per message, whose first byte is <see cref="Stdout"/>
/// or <see cref="Stderr"/> (with a tty everything is stdout), as <see cref="AttachProtocol"/>. Server to client,
/// text: a JSON object, either <see cref="ExecExitMessage"/> (<c>{"exitCode":N}</c>: the process has ended and all of
/// its output was sent; exactly once, then the server closes with NormalClosure and
/// <see cref="AttachProtocol.EndedDescription"/>), or <see cref="ExecErrorMessage"/> (<c>{"error":"..."}</c>: a
/// control message was refused; the session goes on). A command that cannot be run (not found: 127, not executable:
/// 126, as docker exec) is reported like an ended one: its error on stderr, then its exit code.
/// </para>
/// <para>
/// Client to server, binary: bytes for the process's stdin (dropped with <c>stdin=false</c>). Client to server, text:
/// a JSON control message, <see cref="ExecControlMessage"/>: <c>{"resize":{"cols":N,"rows":M}}</c> resizes the
/// terminal (with <c>tty</c> only; otherwise refused with an error message). The client's close is a half-close: the
/// output goes on until the process ends, and the exit code comes as usual. Without a tty it ends the process's stdin
/// (<c>cat</c> ends); with a tty it hangs the terminal up (SIGHUP, as closing a terminal window does; a shell ends
/// with 129), since a terminal's input is never closed. If the connection ends before the process does (the
/// client went away, or the server closed it because the user logged out, was revoked or lost the role, with
/// <see cref="RevokedDescription"/> and PolicyViolation), the process is hung up: SIGHUP, then SIGKILL if it is
/// still running <see cref="HangupGraceSeconds"/> later, so no shell is left behind by a closed browser tab.
/// </para>
/// POST /api/containers/{ref}/exec takes the same query (without tty size and stdin) and starts the command detached
/// (docker exec -d): 201 with <see cref="ExecStartedDto"/> once it runs, and it runs on without a client.
/// </summary>
public static class ExecProtocol
{
    public const byte Stdout = AttachProtocol.Stdout;
    public const byte Stderr = AttachProtocol.Stderr;

    /// <summary>The server's close description when the process has ended (the same as attach's).</summary>
    public const string EndedDescription = AttachProtocol.EndedDescription;

    /// <summary>The server's close description (with PolicyViolation) when the user's access ended during the session.</summary>
    public const string RevokedDescription = "access revoked";

    /// <summary>The server's close description (with NormalClosure, no exit code message) when the container was
    /// removed under the session: its processes went with it and no exit code was recorded.</summary>
    public const string RemovedDescription = "container removed";

    /// <summary>How long a hung-up process has, after SIGHUP, before SIGKILL.</summary>
    public const int HangupGraceSeconds = 2;
}

/// <summary>A client's control message (a text message): <c>{"resize":{"cols":120,"rows":40}}</c>.</summary>
public sealed record ExecControlMessage
{
    public ExecResize? Resize { get; init; }
}

/// <summary>A terminal size, in character cells.</summary>
public sealed record ExecResize(int Cols, int Rows);

/// <summary>The server's last text message: the process's exit code (128+N for signal N).</summary>
public sealed record ExecExitMessage(int ExitCode);

/// <summary>The server's answer to a control message it refused; the session goes on.</summary>
public sealed record ExecErrorMessage(string Error);

/// <summary>POST /api/containers/{ref}/exec (detached): the session's id.</summary>
public sealed record ExecStartedDto(string Id);
