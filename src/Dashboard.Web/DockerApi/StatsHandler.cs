using System.Text.Json;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Stats;
using Dashboard.Web.DockerApi.Models;
using Microsoft.Extensions.Options;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// GET /containers/{id}/stats from <see cref="IStatsService"/>. stream=false answers with the newest sample and the
/// one before it as precpu_stats (so one call yields a real CPU %); one-shot=true with one sample and empty precpu;
/// streaming writes one line per sampler tick until the client leaves or the container stops.
/// </summary>
internal static class StatsHandler
{
    private static readonly TimeSpan MaxNoStreamWait = TimeSpan.FromSeconds(1.5);

    public static async Task StatsAsync(HttpContext context)
    {
        var request = context.Request;
        var stream = !request.Query.ContainsKey("stream") || DockerQuery.Bool(request, "stream");
        var oneShot = DockerQuery.Bool(request, "one-shot");
        if (oneShot && stream)
            throw new DockerApiException(StatusCodes.Status400BadRequest, "cannot have stream=true and one-shot=true");
        var engine = ContainerHandlers.Engine(context);
        var stats = context.RequestServices.GetRequiredService<IStatsService>();
        var record = engine.Get(ContainerHandlers.Id(context));
        var options = context.RequestServices.GetRequiredService<IOptions<DockerApiOptions>>().Value;
        var v2 = StatsMapper.HostIsCgroupV2(context, options);
        var hostMemory = (ulong)Math.Max(0, context.RequestServices.GetRequiredService<HostInfo>().MemoryBytes);
        StatsResponseModel Map(ContainerStats s, ContainerStats? p) => StatsMapper.Map(record, s, p, v2, hostMemory);

        // Headers at once: docker stats waits for them before it shows the container's row.
        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = DockerJson.ContentType;
        await context.Response.StartAsync(context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);

        if (!IsRunning(record))
        {
            await WriteAsync(context, StatsMapper.Empty(record));
            return;
        }
        if (oneShot)
        {
            var sample = stats.SampleNow(record.Id) ?? stats.Latest(record.Id);
            await WriteAsync(context, sample is null ? StatsMapper.Empty(record) : Map(sample, null));
            return;
        }

        // Subscribe before looking at the newest pair so a sample taken in between is not lost.
        using var subscription = stats.Subscribe(record.Id);
        var (latest, previous) = stats.LatestPair(record.Id);
        var reader = subscription.Reader;
        if (!stream)
        {
            // Like moby, wait for a second sample so precpu_stats is real, but not past the CLI's 2 s give-up.
            var wait = TimeSpan.FromTicks(Math.Min((stats.Interval * 1.2).Ticks, MaxNoStreamWait.Ticks));
            var deadline = DateTimeOffset.UtcNow + wait;
            while (previous is null)
            {
                var next = await ReadOrNullAsync(reader, deadline - DateTimeOffset.UtcNow, context.RequestAborted);
                if (next is null) break;
                if (latest is null || next.Time > latest.Time) (latest, previous) = (next, latest);
            }
            if (previous is null)
            {
                // No tick came: take a sample now and pair it with the last one, if any.
                var fresh = stats.SampleNow(record.Id);
                if (fresh is not null && latest is not null && fresh.Time > latest.Time) (latest, previous) = (fresh, latest);
                else latest ??= fresh;
            }
            await WriteAsync(context, latest is null ? StatsMapper.Empty(record) : Map(latest, previous));
            return;
        }

        if (latest is not null) await WriteAsync(context, Map(latest, previous));
        while (!context.RequestAborted.IsCancellationRequested)
        {
            var next = await ReadOrNullAsync(reader, stats.Interval * 2, context.RequestAborted);
            if (next is null)
            {
                // No sample for two ticks: the container may have stopped (or the sampler dropped it).
                if (!IsRunning(engine, record.Id)) break;
                continue;
            }
            if (latest is not null && next.Time <= latest.Time) continue;
            await WriteAsync(context, Map(next, latest));
            latest = next;
            if (!IsRunning(engine, record.Id)) break;
        }
    }

    private static bool IsRunning(ContainerRecord record) =>
        record.State.Status is ContainerStatus.Running or ContainerStatus.Paused;

    private static bool IsRunning(IContainerEngine engine, string id)
    {
        try
        {
            return IsRunning(engine.Get(id));
        }
        catch (Dashboard.Engine.NotFoundException)
        {
            return false;
        }
    }

    /// <summary>The next sample, or null when none came within the wait or the subscription ended.</summary>
    private static async Task<ContainerStats?> ReadOrNullAsync(System.Threading.Channels.ChannelReader<ContainerStats> reader, TimeSpan wait, CancellationToken aborted)
    {
        if (wait <= TimeSpan.Zero) return reader.TryRead(out var ready) ? ready : null;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(wait);
        try
        {
            return await reader.WaitToReadAsync(timeout.Token) && reader.TryRead(out var sample) ? sample : null;
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            return null;
        }
    }

    private static async Task WriteAsync(HttpContext context, StatsResponseModel model)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(model, DockerJson.Options);
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
