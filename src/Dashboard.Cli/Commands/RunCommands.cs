using System.CommandLine;
using Dashboard.Cli.Client;

namespace Dashboard.Cli.Commands;

/// <summary>dashctl run and create. Failures exit 125 like docker; an attached run exits with the container's code.</summary>
public static class RunCommands
{
    private const int DaemonFailure = 125;

    public static IEnumerable<Command> Create(CliContext ctx)
    {
        var createFlags = new ContainerFlags();
        var create = new Command("create", "Create a new container");
        createFlags.AddTo(create);
        create.SetAction((p, ct) => ctx.ExecuteAsync(p, DaemonFailure, async client =>
        {
            var created = await client.CreateContainerAsync(createFlags.ToDto(p, ctx.Environment), start: false, ct);
            ctx.Out.WriteLine(created.Id);
            return 0;
        }));
        yield return create;

        var runFlags = new ContainerFlags();
        var detach = new Option<bool>("--detach", "-d") { Description = "Run container in background and print container ID" };
        var run = new Command("run", "Create and run a new container");
        runFlags.AddTo(run);
        run.Options.Add(detach);
        run.SetAction((p, ct) => ctx.ExecuteAsync(p, DaemonFailure, async client =>
        {
            var dto = runFlags.ToDto(p, ctx.Environment);
            if (p.GetValue(detach))
            {
                // run -d -i: stdin stays open for later attaches (docker's StdinOnce is for attached runs).
                var started = await client.CreateContainerAsync(dto with { StdinOnce = false }, start: true, ct);
                ctx.Out.WriteLine(started.Id);
                return 0;
            }
            return await RunAttachedAsync(ctx, client, dto, ct);
        }));
        yield return run;
    }

    /// <summary>
    /// create, attach (the daemon connects the attach to conmon before the process runs, so nothing is missed),
    /// register a wait for the next exit, start, copy the output (and with -i this process's stdin) until the run
    /// ends, then take the exit code from the wait. With --rm the client removes the container itself afterwards (as
    /// the docker CLI once did), so a fast container cannot vanish before its exit code was read.
    /// </summary>
    private static async Task<int> RunAttachedAsync(CliContext ctx, DashboardClient client, Contracts.Containers.CreateContainerDto dto, CancellationToken ct)
    {
        // With a restart policy the request goes as typed, so the daemon rejects --rm with --restart as docker does.
        var removeAfter = dto.AutoRemove && dto.Restart is (null or "no");
        var created = await client.CreateContainerAsync(removeAfter ? dto with { AutoRemove = false } : dto, start: false, ct);
        // Like docker's sig-proxy: Ctrl+C interrupts the container's process, not just this client. The forward is
        // awaited before returning: the caller disposes the client, which would otherwise cut the kill request off.
        Task? forwarding = null;
        var proxy = ct.Register(() => forwarding = ForwardInterruptAsync(client, created.Id));
        try
        {
            await using var attach = await client.AttachAsync(created.Id, stdin: dto.OpenStdin, ct);
            var exit = await client.BeginWaitAsync(created.Id, "next-exit", ct);
            await client.PostAsync(created.Id, "start", null, ct);
            // The input is not awaited: a container that ends before reading it all ends the run.
            _ = dto.OpenStdin ? SendInputAsync(attach, ctx.Input, ct) : Task.CompletedTask;
            await attach.CopyOutputAsync(ctx.Out, ctx.Err, ct);
            var result = await exit;
            if (result.Error is { Length: > 0 } error) ctx.Err.WriteLine($"Error waiting for container: {error}");
            return result.StatusCode;
        }
        finally
        {
            await proxy.DisposeAsync(); // waits for a running callback, so forwarding is set if it fired
            if (forwarding is not null) await forwarding;
            if (removeAfter)
            {
                try { await client.RemoveContainerAsync(created.Id, force: true, CancellationToken.None); }
                catch (ApiException ex) { ctx.WriteProblem(ex.Problem); }
            }
        }
    }

    private static async Task SendInputAsync(AttachConnection attach, Stream input, CancellationToken ct)
    {
        try { await attach.SendInputAsync(input, ct); }
        catch (Exception ex) when (ex is System.Net.WebSockets.WebSocketException or OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The run ended first, or dashctl is being interrupted: the rest of the input has nowhere to go.
        }
    }

    /// <summary>Bounded so that a daemon that does not answer cannot hold the terminal, but long enough for a busy one:
    /// the kill answers only once the process has ended, and 2 s (the bound before) lost the interrupt under load (a
    /// CI run on a loaded host saw the container keep running).</summary>
    private static async Task ForwardInterruptAsync(DashboardClient client, string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try { await client.PostAsync(id, "kill", "signal=INT", timeout.Token); }
        catch (Exception ex) when (ex is ApiException or DaemonUnavailableException or OperationCanceledException or HttpRequestException or ObjectDisposedException)
        {
            // Already gone or not running: nothing to interrupt.
        }
    }
}
