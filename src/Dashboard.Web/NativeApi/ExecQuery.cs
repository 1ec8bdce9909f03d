using Dashboard.Engine.Containers;

namespace Dashboard.Web.NativeApi;

/// <summary>
/// The query of /api/containers/{ref}/exec (<see cref="Dashboard.Contracts.Containers.ExecProtocol"/>) read into the
/// engine's <see cref="ExecRequest"/>: every bad or unknown parameter is reported at once, as a 400 naming it.
/// </summary>
internal static class ExecQuery
{
    private static readonly string[] s_attachedParameters = ["cmd", "tty", "stdin", "cols", "rows", "env", "user", "workdir", "privileged"];
    private static readonly string[] s_detachedParameters = ["cmd", "tty", "env", "user", "workdir", "privileged"];

    /// <summary>The WebSocket's request: output attached, stdin unless stdin=false, the terminal's size from cols/rows.</summary>
    public static ExecRequest ReadAttached(IQueryCollection query) => Read(query, attached: true);

    /// <summary>The detached start's request (POST): no stream, so no stdin and no size.</summary>
    public static ExecRequest ReadDetached(IQueryCollection query) => Read(query, attached: false);

    private static ExecRequest Read(IQueryCollection query, bool attached)
    {
        var q = new QueryReader(query);
        q.OnlyKnown(attached ? s_attachedParameters : s_detachedParameters);
        var cmd = query.TryGetValue("cmd", out var values) ? values.Select(v => v ?? "").ToArray() : [];
        if (cmd.Length == 0)
            q.Fail("cmd", "No command given: name it with cmd, once per argument (?cmd=sh&cmd=-c&cmd=echo%20hi).");
        else if (cmd[0].Length == 0)
            q.Fail("cmd", "The command's first argument (the program) is empty.");
        var tty = q.Bool("tty");
        var stdin = attached && q.Bool("stdin", true);
        var cols = attached ? q.Int("cols", min: 1) : null;
        var rows = attached ? q.Int("rows", min: 1) : null;
        if (cols is > ushort.MaxValue) q.Fail("cols", $"{cols} columns is more than a terminal has (at most {ushort.MaxValue}).");
        if (rows is > ushort.MaxValue) q.Fail("rows", $"{rows} rows is more than a terminal has (at most {ushort.MaxValue}).");
        var colsGiven = q.String("cols") is not null;
        var rowsGiven = q.String("rows") is not null;
        if (colsGiven != rowsGiven) q.Fail(colsGiven ? "rows" : "cols", "Give the terminal's size as both cols and rows, or neither.");
        if (!tty && (colsGiven || rowsGiven))
            q.Fail(colsGiven ? "cols" : "rows", "A terminal size needs a terminal: add tty=true, or leave out cols and rows.");
        var privileged = q.Bool("privileged");
        var request = new ExecRequest
        {
            Cmd = cmd,
            Env = q.All("env"),
            User = q.String("user"),
            WorkingDir = q.String("workdir"),
            Tty = tty,
            AttachStdin = stdin,
            AttachStdout = attached,
            AttachStderr = attached,
            Privileged = privileged,
            ConsoleSize = tty && cols is { } width && rows is { } height ? [height, width] : null,
        };
        q.ThrowIfInvalid();
        return request;
    }
}
