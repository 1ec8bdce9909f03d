using System.Runtime.CompilerServices;
using Dashboard.Contracts.Containers;
using Dashboard.Contracts.Stats;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Stats;
using Dashboard.Web.Access;
using Dashboard.Web.Hubs;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Web.NativeApi;

/// <summary>
/// GET /api/containers/{ref}/stats (history: raw ring-buffer samples or per-minute rollups),
/// GET /api/containers/{ref}/stats/stream (NDJSON: the newest sample, then each new one) and
/// POST /api/containers/{ref}/limits (docker update).
/// </summary>
internal static class StatsEndpoints
{
    public static readonly TimeSpan DefaultRange = TimeSpan.FromMinutes(15);

    public static void MapStatsEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/containers/{reference}/stats", HistoryAsync).RequireRole(Roles.Viewer);
        api.MapGet("/containers/{reference}/stats/stream", StreamAsync).RequireRole(Roles.Viewer);
        api.MapPost("/containers/{reference}/limits", UpdateLimitsAsync).RequireRole(Roles.Operator)
            .Audited("container.update", AuditTarget.Route("reference"));
    }

    private static async Task<IResult> HistoryAsync(string reference, HttpRequest request, IContainerEngine engine,
        [FromServices] IStatsService stats)
    {
        var now = DateTimeOffset.UtcNow;
        var q = new QueryReader(request.Query);
        var to = q.Time("to", now) ?? now;
        var from = q.Time("from", now) ?? to - DefaultRange;
        var resolution = (q.String("resolution") ?? "raw").ToLowerInvariant();
        if (resolution is not ("raw" or "minute"))
            q.Fail("resolution", $"\"{resolution}\" is not a resolution; use raw or minute.");
        if (from > to) q.Fail("from", "from must not be later than to.");
        q.ThrowIfInvalid();
        var container = engine.Get(reference);
        var history = new StatsHistoryDto { ContainerId = container.Id, Resolution = resolution };
        if (resolution == "raw")
            history = history with { Samples = stats.Recent(container.Id, from, to).Select(s => StatsMapper.ToDto(s, container.Name)).ToArray() };
        else
            history = history with { Rollups = (await stats.RollupsAsync(container.Id, from, to, request.HttpContext.RequestAborted)).Select(StatsMapper.ToDto).ToArray() };
        return ContainerEndpoints.Json(history);
    }

    private static Task StreamAsync(string reference, HttpContext ctx, IContainerEngine engine, [FromServices] IStatsService stats)
    {
        var container = engine.Get(reference); // 404 before the stream starts
        return NdjsonWriter.WriteAsync(ctx, FollowAsync(container, stats, ctx.RequestAborted));
    }

    private static async IAsyncEnumerable<StatsSampleDto> FollowAsync(ContainerRecord container, IStatsService stats,
        [EnumeratorCancellation] CancellationToken ct)
    {
        using var subscription = stats.Subscribe(container.Id);
        var sent = DateTimeOffset.MinValue;
        if (stats.Latest(container.Id) is { } latest)
        {
            sent = latest.Time;
            yield return StatsMapper.ToDto(latest, container.Name);
        }
        await foreach (var sample in subscription.Reader.ReadAllAsync(ct))
            if (sample.Time > sent) yield return StatsMapper.ToDto(sample, container.Name);
    }

    private static async Task<IResult> UpdateLimitsAsync(string reference, HttpContext ctx, IContainerEngine engine, IServiceProvider sp)
    {
        var dto = await ContainerEndpoints.ReadBodyAsync<LimitsUpdateDto>(ctx);
        var update = new LimitsUpdate
        {
            Cpus = dto.Cpus,
            CpuPeriod = dto.CpuPeriod,
            CpuQuota = dto.CpuQuota,
            CpuShares = dto.CpuShares,
            CpusetCpus = dto.CpusetCpus,
            Memory = dto.Memory,
            MemorySwap = dto.MemorySwap,
            PidsLimit = dto.PidsLimit,
        };
        if (update.IsEmpty)
            throw new MalformedRequestException("Nothing to update.", "Name at least one limit: cpus, cpuPeriod, cpuQuota, cpuShares, cpusetCpus, memory, memorySwap or pidsLimit.");
        var updated = await engine.UpdateLimitsAsync(reference, update, ctx.RequestAborted);
        return ContainerEndpoints.Json(ContainerMapper.ToDetail(updated, sp.GetRequiredService<Dashboard.Engine.Images.IImageService>()));
    }
}
