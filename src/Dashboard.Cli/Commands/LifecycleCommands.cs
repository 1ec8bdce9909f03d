using System.CommandLine;
using Dashboard.Cli.Client;

namespace Dashboard.Cli.Commands;

/// <summary>start, stop, restart, kill, pause, unpause, rm, wait: each takes one or more containers, prints each
/// one it handled, reports the others and exits 1 if any failed (as docker does).</summary>
public static class LifecycleCommands
{
    public static IEnumerable<Command> Create(CliContext ctx)
    {
        yield return Verb(ctx, "start", "Start one or more stopped containers", [], (c, r, p, ct) => c.PostAsync(r, "start", null, ct));

        var stopTime = new Option<int?>("--time", "-t") { Description = "Seconds to wait before killing the container" };
        var stopSignal = new Option<string?>("--signal", "-s") { Description = "Signal to send to the container" };
        yield return Verb(ctx, "stop", "Stop one or more running containers", [stopTime, stopSignal], (c, r, p, ct) =>
            c.PostAsync(r, "stop", Query(("timeout", p.GetValue(stopTime)?.ToString()), ("signal", p.GetValue(stopSignal))), ct));

        var restartTime = new Option<int?>("--time", "-t") { Description = "Seconds to wait before killing the container" };
        yield return Verb(ctx, "restart", "Restart one or more containers", [restartTime], (c, r, p, ct) =>
            c.PostAsync(r, "restart", Query(("timeout", p.GetValue(restartTime)?.ToString())), ct));

        var signal = new Option<string?>("--signal", "-s") { Description = "Signal to send to the container (default KILL)" };
        yield return Verb(ctx, "kill", "Kill one or more running containers", [signal], (c, r, p, ct) =>
            c.PostAsync(r, "kill", Query(("signal", p.GetValue(signal))), ct));

        yield return Verb(ctx, "pause", "Pause all processes within one or more containers", [], (c, r, p, ct) => c.PostAsync(r, "pause", null, ct));
        yield return Verb(ctx, "unpause", "Unpause all processes within one or more containers", [], (c, r, p, ct) => c.PostAsync(r, "unpause", null, ct));

        var force = new Option<bool>("--force", "-f") { Description = "Force the removal of a running container (uses SIGKILL)" };
        yield return Verb(ctx, "rm", "Remove one or more containers", [force], (c, r, p, ct) => c.RemoveContainerAsync(r, p.GetValue(force), ct));

        var refs = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var wait = new Command("wait", "Block until one or more containers stop, then print their exit codes") { refs };
        wait.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var exit = 0;
            foreach (var reference in p.GetValue(refs) ?? [])
            {
                try
                {
                    var result = await await client.BeginWaitAsync(reference, "not-running", ct);
                    ctx.Out.WriteLine(result.StatusCode);
                }
                catch (ApiException ex)
                {
                    ctx.WriteProblem(ex.Problem);
                    exit = 1;
                }
            }
            return exit;
        }));
        yield return wait;
    }

    private static Command Verb(CliContext ctx, string name, string description, Option[] options,
        Func<DashboardClient, string, ParseResult, CancellationToken, Task> action)
    {
        var refs = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var command = new Command(name, description) { refs };
        foreach (var option in options) command.Options.Add(option);
        command.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var exit = 0;
            foreach (var reference in p.GetValue(refs) ?? [])
            {
                try
                {
                    await action(client, reference, p, ct);
                    ctx.Out.WriteLine(reference);
                }
                catch (ApiException ex)
                {
                    ctx.WriteProblem(ex.Problem);
                    exit = 1;
                }
            }
            return exit;
        }));
        return command;
    }

    private static string? Query(params (string Key, string? Value)[] pairs)
    {
        var set = pairs.Where(p => p.Value is not null).Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value!)}").ToArray();
        return set.Length == 0 ? null : string.Join('&', set);
    }
}
