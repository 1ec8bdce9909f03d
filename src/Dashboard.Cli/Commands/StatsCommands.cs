using System.CommandLine;
using Dashboard.Cli.Client;
using Dashboard.Cli.Formatting;
using Dashboard.Contracts.Containers;
using Dashboard.Contracts.Events;
using Dashboard.Contracts.Stats;

namespace Dashboard.Cli.Commands;

/// <summary>stats and events (live, over the engine hub) and update (native API), as docker has them.</summary>
public static class StatsCommands
{
    /// <summary>Clear the screen and home the cursor, as docker stats does before each redraw.</summary>
    public const string Redraw = "\u001b[2J\u001b[H";

    public static IEnumerable<Command> Create(CliContext ctx)
    {
        yield return Stats(ctx);
        yield return Events(ctx);
        yield return Update(ctx);
    }

    private static Command Stats(CliContext ctx)
    {
        var refs = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.ZeroOrMore };
        var noStream = new Option<bool>("--no-stream") { Description = "Disable streaming stats and only pull the first result" };
        var command = new Command("stats", "Display a live stream of container resource usage statistics") { refs, noStream };
        command.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var wanted = new List<ContainerDetailDto>();
            foreach (var reference in p.GetValue(refs) ?? []) wanted.Add(await client.InspectContainerAsync(reference, ct));
            var once = p.GetValue(noStream);
            await using var hub = await EngineHubClient.ConnectAsync(client.Address, ct);
            await foreach (var tick in EngineHubClient.StreamAsync<StatsTickDto>(hub, "AllStats", [], ct))
            {
                var rows = wanted.Count == 0
                    ? tick.Samples.OrderBy(s => s.Name, StringComparer.Ordinal)
                    : wanted.Select(w => tick.Samples.FirstOrDefault(s => s.ContainerId == w.Id) ?? new StatsSampleDto { ContainerId = w.Id, Name = w.Name });
                var table = new TableWriter(StatsFormat.Headers);
                foreach (var sample in rows) table.Add(StatsFormat.Row(sample, tick.HostMemory));
                if (!once) ctx.Out.Write(Redraw);
                table.WriteTo(ctx.Out);
                await ctx.Out.FlushAsync(ct);
                if (once) return 0;
            }
            return 0;
        }));
        return command;
    }

    private static Command Events(CliContext ctx)
    {
        var since = new Option<string?>("--since") { Description = "Show all events created since timestamp" };
        var until = new Option<string?>("--until") { Description = "Stream events until this timestamp" };
        var filters = new Option<string[]>("--filter", "-f") { Description = "Filter output based on conditions provided (container=, type=, event=)", AllowMultipleArgumentsPerToken = false };
        var command = new Command("events", "Get real time events from the server") { since, until, filters };
        command.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var filter = BuildFilter(p.GetValue(since), p.GetValue(until), p.GetValue(filters) ?? []);
            await using var hub = await EngineHubClient.ConnectAsync(client.Address, ct);
            await foreach (var e in EngineHubClient.StreamAsync<EventDto>(hub, "Events", [null, filter], ct))
            {
                ctx.Out.WriteLine(StatsFormat.EventLine(e));
                await ctx.Out.FlushAsync(ct);
            }
            return 0;
        }));
        return command;
    }

    public static EventFilterDto BuildFilter(string? since, string? until, IEnumerable<string> filters)
    {
        var now = DateTimeOffset.UtcNow;
        List<string> containers = [], types = [], actions = [];
        foreach (var f in filters)
        {
            var eq = f.IndexOf('=');
            if (eq <= 0) throw new CliException($"bad format of filter \"{f}\" (expected name=value)");
            var (key, value) = (f[..eq].Trim().ToLowerInvariant(), f[(eq + 1)..].Trim());
            switch (key)
            {
                case "container": containers.Add(value); break;
                case "type": types.Add(value); break;
                case "event" or "action": actions.Add(value); break;
                default: throw new CliException($"invalid filter \"{key}\": use container, type or event");
            }
        }
        return new EventFilterDto
        {
            Since = since is null ? null : CliTime.Parse(since, now, "--since"),
            Until = until is null ? null : CliTime.Parse(until, now, "--until"),
            Containers = containers.Count > 0 ? [.. containers] : null,
            Types = types.Count > 0 ? [.. types] : null,
            Actions = actions.Count > 0 ? [.. actions] : null,
        };
    }

    private static Command Update(CliContext ctx)
    {
        var refs = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var cpus = new Option<string?>("--cpus") { Description = "Number of CPUs" };
        var cpuShares = new Option<long?>("--cpu-shares", "-c") { Description = "CPU shares (relative weight)" };
        var cpuPeriod = new Option<long?>("--cpu-period") { Description = "Limit CPU CFS (Completely Fair Scheduler) period" };
        var cpuQuota = new Option<long?>("--cpu-quota") { Description = "Limit CPU CFS (Completely Fair Scheduler) quota" };
        var cpuset = new Option<string?>("--cpuset-cpus") { Description = "CPUs in which to allow execution (0-3, 0,1)" };
        var memory = new Option<string?>("--memory", "-m") { Description = "Memory limit" };
        var swap = new Option<string?>("--memory-swap") { Description = "Swap limit equal to memory plus swap: -1 to enable unlimited swap" };
        var pids = new Option<long?>("--pids-limit") { Description = "Tune container pids limit (set -1 for unlimited)" };
        var command = new Command("update", "Update configuration of one or more containers") { refs, cpus, cpuShares, cpuPeriod, cpuQuota, cpuset, memory, swap, pids };
        command.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var dto = new LimitsUpdateDto
            {
                Cpus = p.GetValue(cpus),
                CpuShares = p.GetValue(cpuShares),
                CpuPeriod = p.GetValue(cpuPeriod),
                CpuQuota = p.GetValue(cpuQuota),
                CpusetCpus = p.GetValue(cpuset),
                Memory = p.GetValue(memory),
                MemorySwap = p.GetValue(swap),
                PidsLimit = p.GetValue(pids),
            };
            var exit = 0;
            foreach (var reference in p.GetValue(refs) ?? [])
            {
                try
                {
                    await client.UpdateLimitsAsync(reference, dto, ct);
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
}
