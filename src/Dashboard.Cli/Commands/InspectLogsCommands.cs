using System.CommandLine;
using System.Text.Json;
using Dashboard.Cli.Client;
using Dashboard.Cli.Formatting;
using Dashboard.Contracts;
using Dashboard.Contracts.Containers;
using Dashboard.Contracts.Logs;

namespace Dashboard.Cli.Commands;

/// <summary>dashctl inspect (a JSON array, like docker) and logs.</summary>
public static class InspectLogsCommands
{
    public static IEnumerable<Command> Create(CliContext ctx)
    {
        var refs = new Argument<string[]>("CONTAINER") { Arity = ArgumentArity.OneOrMore };
        var inspect = new Command("inspect", "Display detailed information on one or more containers") { refs };
        inspect.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var found = new List<ContainerDetailDto>();
            var exit = 0;
            foreach (var reference in p.GetValue(refs) ?? [])
            {
                try { found.Add(await client.InspectContainerAsync(reference, ct)); }
                catch (ApiException ex) when (ex.Status == System.Net.HttpStatusCode.NotFound)
                {
                    ctx.Err.WriteLine($"Error: No such object: {reference}");
                    exit = 1;
                }
            }
            ctx.Out.WriteLine(JsonSerializer.Serialize(found, ContractJson.Indented));
            return exit;
        }));
        yield return inspect;

        var container = new Argument<string>("CONTAINER");
        var follow = new Option<bool>("--follow", "-f") { Description = "Follow log output" };
        var timestamps = new Option<bool>("--timestamps", "-t") { Description = "Show timestamps" };
        var tail = new Option<string?>("--tail", "-n") { Description = "Number of lines to show from the end of the logs (or \"all\")" };
        var since = new Option<string?>("--since") { Description = "Show logs since timestamp (2013-01-02T13:23:37Z) or relative (42m)" };
        var until = new Option<string?>("--until") { Description = "Show logs before a timestamp or relative time" };
        var logs = new Command("logs", "Fetch the logs of a container") { container, follow, timestamps, tail, since, until };
        logs.SetAction((p, ct) => ctx.ExecuteAsync(p, 1, async client =>
        {
            var withTime = p.GetValue(timestamps);
            await foreach (var line in client.LogsAsync(p.GetValue(container)!, p.GetValue(follow), p.GetValue(tail), p.GetValue(since), p.GetValue(until), ct))
            {
                var writer = line.Stream == LogLineDto.Stderr ? ctx.Err : ctx.Out;
                await writer.WriteAsync(FormatLine(line, withTime));
                await writer.FlushAsync(ct);
            }
            return 0;
        }));
        yield return logs;
    }

    public static string FormatLine(LogLineDto line, bool timestamps) =>
        timestamps ? HumanFormat.Timestamp(line.Time) + " " + line.Text : line.Text;
}
