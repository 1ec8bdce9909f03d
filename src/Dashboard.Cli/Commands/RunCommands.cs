using System.CommandLine;
using Dashboard.Cli.Client;
using Dashboard.Contracts.Logs;

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
                var started = await client.CreateContainerAsync(dto, start: true, ct);
                ctx.Out.WriteLine(started.Id);
                return 0;
            }
            return await RunAttachedAsync(ctx, client, dto, ct);
        }));
        yield return run;
    }

    /// <summary>
    /// create, register a wait for the next exit, start, stream the logs until they end, then take the exit code
    /// from the wait. With --rm the client removes the container itself afterwards (as the docker CLI once did),
    /// so a fast container cannot vanish before its output and exit code were read.
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
            var exit = await client.BeginWaitAsync(created.Id, "next-exit", ct);
            await client.PostAsync(created.Id, "start", null, ct);
            await foreach (var line in client.LogsAsync(created.Id, follow: true, tail: null, since: null, until: null, ct))
            {
                var writer = line.Stream == LogLineDto.Stderr ? ctx.Err : ctx.Out;
                await writer.WriteAsync(line.Text);
                await writer.FlushAsync(ct);
            }
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

    private static async Task ForwardInterruptAsync(DashboardClient client, string id)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try { await client.PostAsync(id, "kill", "signal=INT", timeout.Token); }
        catch (Exception ex) when (ex is ApiException or DaemonUnavailableException or OperationCanceledException or HttpRequestException or ObjectDisposedException)
        {
            // Already gone or not running: nothing to interrupt.
        }
    }
}
