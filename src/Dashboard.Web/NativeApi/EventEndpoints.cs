using System.Globalization;
using Dashboard.Contracts.Events;
using Dashboard.Engine.Containers;
using Dashboard.Engine.Events;
using Dashboard.Web.Access;
using Dashboard.Web.Hubs;
using Microsoft.AspNetCore.Mvc;

namespace Dashboard.Web.NativeApi;

/// <summary>
/// GET /api/events?since=&amp;until=&amp;container=&amp;type=&amp;action=&amp;after=&amp;follow=: without follow a JSON array of
/// persisted events; with follow=true NDJSON: the history asked for (since or after), then live events, each once.
/// </summary>
internal static class EventEndpoints
{
    public static void MapEventEndpoints(this RouteGroupBuilder api) => api.MapGet("/events", GetAsync).RequireRole(Roles.Viewer);

    private static async Task GetAsync(HttpContext ctx, IContainerEngine engine, [FromServices] EventHub hub)
    {
        var now = DateTimeOffset.UtcNow;
        var q = new QueryReader(ctx.Request.Query);
        var filter = new EventFilterDto
        {
            Since = q.Time("since", now),
            Until = q.Time("until", now),
            Containers = [.. q.All("container")],
            Types = [.. q.All("type")],
            Actions = [.. q.All("action")],
        };
        long? after = null;
        if (q.String("after") is { } rawAfter)
        {
            if (long.TryParse(rawAfter, NumberStyles.None, CultureInfo.InvariantCulture, out var a)) after = a;
            else q.Fail("after", $"\"{rawAfter}\" is not an event sequence number.");
        }
        var follow = q.Bool("follow");
        q.ThrowIfInvalid();

        var matcher = new EventMatcher(filter, engine);
        if (!follow)
        {
            var list = new List<EventDto>();
            await foreach (var e in EventFollower.ReadAsync(hub, matcher, after, replay: true, follow: false, ctx.RequestAborted))
                list.Add(EventMapper.ToDto(e));
            await ContainerEndpoints.Json(list).ExecuteAsync(ctx);
            return;
        }
        var replay = after is not null || filter.Since is not null;
        var events = EventFollower.ReadAsync(hub, matcher, after, replay, follow: true, ctx.RequestAborted);
        await NdjsonWriter.WriteAsync(ctx, Map(events));

        static async IAsyncEnumerable<EventDto> Map(IAsyncEnumerable<EngineEvent> source)
        {
            await foreach (var e in source) yield return EventMapper.ToDto(e);
        }
    }
}
