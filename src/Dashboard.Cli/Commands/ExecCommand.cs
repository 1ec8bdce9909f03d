using System.CommandLine;
using Dashboard.Cli.Client;
using Dashboard.Cli.Terminal;

namespace Dashboard.Cli.Commands;

/// <summary>
/// dashctl exec [-i] [-t] [-d] [-e K=V] [-u user] [-w dir] [--privileged] CONTAINER CMD...: a command in a running
/// container over the native exec WebSocket (or, with -d, started detached by a POST). Exits with the command's exit
/// code, as docker exec; a failure before the command ran exits 1 (docker exec's code for a daemon error), and a
/// command that cannot be run 126 or 127.
/// </summary>
public static class ExecCommand
{
    private const int Failure = 1;

    public static Command Create(CliContext ctx)
    {
        var interactive = new Option<bool>("--interactive", "-i") { Description = "Keep STDIN open and send it to the command" };
        var tty = new Option<bool>("--tty", "-t") { Description = "Allocate a pseudo-TTY" };
        var detach = new Option<bool>("--detach", "-d") { Description = "Detached mode: run command in the background" };
        var env = new Option<string[]>("--env", "-e") { Description = "Set environment variables (KEY=VALUE)", AllowMultipleArgumentsPerToken = false };
        var user = new Option<string?>("--user", "-u") { Description = "Username or UID (format: \"<name|uid>[:<group|gid>]\")" };
        var workdir = new Option<string?>("--workdir", "-w") { Description = "Working directory inside the container" };
        var privileged = new Option<bool>("--privileged") { Description = "Give extended privileges to the command (admins only)" };
        var container = new Argument<string>("CONTAINER") { Description = "Name or id of a running container" };
        var command = new Argument<string[]>("COMMAND") { Description = "The command and its arguments", Arity = ArgumentArity.OneOrMore };
        var exec = new Command("exec", "Execute a command in a running container");
        foreach (var option in new Option[] { interactive, tty, detach, env, user, workdir, privileged }) exec.Options.Add(option);
        exec.Arguments.Add(container);
        exec.Arguments.Add(command);
        exec.SetAction((p, ct) => ctx.ExecuteAsync(p, Failure, async client =>
        {
            var request = new ExecArgs
            {
                Cmd = p.GetValue(command) ?? [],
                Env = ExecArgs.ResolveEnv(p.GetValue(env) ?? [], ctx.Environment),
                User = p.GetValue(user),
                WorkingDir = p.GetValue(workdir),
                Tty = p.GetValue(tty),
                Stdin = p.GetValue(interactive),
                Privileged = p.GetValue(privileged),
            };
            var target = p.GetValue(container)!;
            if (p.GetValue(detach))
            {
                await client.ExecDetachedAsync(target, request.Query(null), ct);
                return 0;
            }
            return await RunAttachedAsync(ctx, client, target, request, ct);
        }));
        return exec;
    }

    private static async Task<int> RunAttachedAsync(CliContext ctx, DashboardClient client, string container, ExecArgs request, CancellationToken ct)
    {
        var terminal = request.Tty ? ctx.Terminal : null;
        await using var connection = await client.ExecAsync(container, request.AttachedQuery(terminal?.Size()), ct);
        // Raw mode only when our input is the terminal and goes to the command: every key reaches it as typed.
        using var raw = request.Stdin && terminal is { InputIsTerminal: true } ? terminal.EnterRawMode() : null;
        using var resizes = terminal?.OnResize(() =>
        {
            if (terminal.Size() is { } size) _ = ResizeAsync(connection, size, ct);
        });
        // The input is not awaited: a command that ends before reading it all ends the session.
        _ = request.Stdin ? SendInputAsync(connection, ctx.Input, ct) : Task.CompletedTask;
        var exitCode = await connection.CopyOutputAsync(ctx.Out, ctx.Err, ct);
        if (exitCode is { } code) return code;
        ctx.Err.WriteLine($"Error: the exec session ended without an exit code{(connection.CloseReason is { Length: > 0 } why ? ": " + why : "")}");
        return Failure;
    }

    private static async Task ResizeAsync(ExecConnection connection, (int Cols, int Rows) size, CancellationToken ct)
    {
        try { await connection.ResizeAsync(size.Cols, size.Rows, ct); }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or OperationCanceledException or ObjectDisposedException) { }
    }

    private static async Task SendInputAsync(ExecConnection connection, Stream input, CancellationToken ct)
    {
        try { await connection.SendInputAsync(input, ct); }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The command ended first, or dashctl is being interrupted: the rest of the input has nowhere to go.
        }
    }
}

/// <summary>What dashctl exec asks for, as the exec endpoint's query (<see cref="Contracts.Containers.ExecProtocol"/>).</summary>
public sealed record ExecArgs
{
    public IReadOnlyList<string> Cmd { get; init; } = [];
    public IReadOnlyList<string> Env { get; init; } = [];
    public string? User { get; init; }
    public string? WorkingDir { get; init; }
    public bool Tty { get; init; }
    public bool Stdin { get; init; }
    public bool Privileged { get; init; }

    /// <param name="size">The terminal's size, sent with a tty; null for a detached start (no stdin, no size).</param>
    public string Query((int Cols, int Rows)? size)
    {
        var query = new List<string>();
        query.AddRange(Cmd.Select(c => "cmd=" + Uri.EscapeDataString(c)));
        query.AddRange(Env.Select(e => "env=" + Uri.EscapeDataString(e)));
        if (User is { Length: > 0 } user) query.Add("user=" + Uri.EscapeDataString(user));
        if (WorkingDir is { Length: > 0 } dir) query.Add("workdir=" + Uri.EscapeDataString(dir));
        if (Tty) query.Add("tty=true");
        if (Privileged) query.Add("privileged=true");
        if (size is { } s && Tty) query.Add($"cols={s.Cols}&rows={s.Rows}");
        return string.Join('&', query);
    }

    /// <summary>docker exec -e: KEY=VALUE as given; a bare KEY takes this process's value, and is left out when unset.</summary>
    public static IReadOnlyList<string> ResolveEnv(IEnumerable<string> entries, Func<string, string?> environment) =>
        [.. entries.Select(e => e.Contains('=') ? e : environment(e) is { } value ? $"{e}={value}" : null).OfType<string>()];

    /// <summary>The attached WebSocket's query: the detached one plus stdin (and the size with a tty).</summary>
    public string AttachedQuery((int Cols, int Rows)? size) => Query(size) + (Stdin ? "" : "&stdin=false");
}
