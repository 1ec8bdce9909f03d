using System.Text.Json;
using Dashboard.Engine.Events;

namespace Dashboard.Web.DockerApi;

/// <summary>
/// GET /events: persisted events from "since" replayed from the store, then live ones from the hub, until "until"
/// or the client leaves. Headers are flushed before anything else: docker stats waits for them (moby#47448).
/// </summary>
internal static class EventsHandler
{
    private const int PageSize = 1000;

    public static async Task EventsAsync(HttpContext context)
    {
        var request = context.Request;
        var since = DockerQuery.UnixTime(request, "since");
        var until = UntilOrNow(DockerQuery.String(request, "until"), DockerQuery.UnixTime(request, "until"), DateTimeOffset.UtcNow);
        if (since is not null && until is not null && until < since)
            throw new DockerApiException(StatusCodes.Status400BadRequest, "`since` time is after `until` time");
        var filters = DockerQuery.Filters(request);
        foreach (var key in filters.Keys)
            if (key is not ("type" or "event" or "action" or "container" or "image" or "network" or "label" or "scope"))
                throw new DockerApiException(StatusCodes.Status400BadRequest, $"invalid filter '{key}'");
        var hub = context.RequestServices.GetRequiredService<EventHub>();
        var aborted = context.RequestAborted;

        // Subscribe before the replay query so nothing published in between is lost; the sequence drops duplicates.
        using var subscription = hub.Subscribe();

        context.Response.StatusCode = StatusCodes.Status200OK;
        context.Response.ContentType = DockerJson.ContentType;
        await context.Response.StartAsync(aborted);
        await context.Response.Body.FlushAsync(aborted);

        long lastSequence = 0;
        if (since is not null)
        {
            while (true)
            {
                var page = await hub.QueryAsync(new EventQuery
                {
                    Since = since,
                    Until = until,
                    AfterSequence = lastSequence == 0 ? null : lastSequence,
                    Limit = PageSize,
                }, aborted);
                foreach (var e in page)
                {
                    lastSequence = Math.Max(lastSequence, e.Sequence);
                    if (EventMapper.Matches(e, filters)) await WriteAsync(context, e);
                }
                if (page.Count < PageSize) break;
            }
        }

        if (until is not null && until <= DateTimeOffset.UtcNow) return;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        if (until is not null) stop.CancelAfter(until.Value - DateTimeOffset.UtcNow);
        try
        {
            await foreach (var e in subscription.Reader.ReadAllAsync(stop.Token))
            {
                // Sequence 0 means the store failed to persist it: it cannot have been replayed.
                if (e.Sequence != 0 && e.Sequence <= lastSequence) continue;
                if (since is not null && e.Time < since) continue;
                if (until is not null && e.Time > until) break;
                if (EventMapper.Matches(e, filters)) await WriteAsync(context, e);
            }
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            // "until" reached: end the stream normally.
        }
    }

    /// <summary>
    /// The docker CLI sends a relative --until ("0s", "5s") as whole Unix seconds (docker/cli's GetTimestamp formats
    /// Time.Unix()), so `docker events --until 0s` would end at the start of the current second and leave out what
    /// happened since, such as the die of a container the client just waited for. An until without a fraction that
    /// names the current second therefore means the moment of the request. Every other until is taken literally, as
    /// Docker takes it.
    /// </summary>
    internal static DateTimeOffset? UntilOrNow(string? raw, DateTimeOffset? until, DateTimeOffset now) =>
        until is { } end && raw is not null && !raw.Contains('.') && end <= now && now < end.AddSeconds(1) ? now : until;

    private static async Task WriteAsync(HttpContext context, EngineEvent e)
    {
        var bytes = JsonSerializer.SerializeToUtf8Bytes(EventMapper.Map(e, legacy: true), DockerJson.Options);
        await context.Response.Body.WriteAsync(bytes, context.RequestAborted);
        await context.Response.Body.WriteAsync("\n"u8.ToArray(), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }
}
