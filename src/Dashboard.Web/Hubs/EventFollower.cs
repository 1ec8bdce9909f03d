using System.Runtime.CompilerServices;
using Dashboard.Engine.Events;

namespace Dashboard.Web.Hubs;

/// <summary>
/// Replays persisted events and then follows live ones without a gap or a duplicate: it subscribes before it
/// queries, and skips live events whose sequence the replay already covered. When its own bounded subscription
/// dropped events (a jump in sequence) it fills the hole from the store. Shared by the hub and GET /api/events.
/// </summary>
public static class EventFollower
{
    private const int PageSize = 1000;

    /// <param name="afterSequence">Replay events after this sequence (0 = all history).</param>
    /// <param name="replay">Whether to read history at all (false: live only, like docker events without since).</param>
    public static async IAsyncEnumerable<EngineEvent> ReadAsync(
        EventHub hub, EventMatcher matcher, long? afterSequence, bool replay, bool follow,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var subscription = follow ? hub.Subscribe() : null;
        long last = afterSequence ?? 0;
        if (replay)
        {
            await foreach (var e in HistoryAsync(hub, matcher, last, long.MaxValue, cancellationToken))
            {
                last = Math.Max(last, e.Sequence);
                if (matcher.Matches(e)) yield return e;
            }
        }
        if (subscription is null) yield break;
        if (matcher.Until is { } until && until <= DateTimeOffset.UtcNow) yield break;

        using var untilCancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (matcher.Until is { } end) untilCancel.CancelAfter(end - DateTimeOffset.UtcNow);
        var reader = subscription.Reader;
        long previousLive = 0;
        while (await WaitAsync(reader, untilCancel.Token, cancellationToken))
        {
            while (reader.TryRead(out var e))
            {
                if (e.Sequence == 0) // could not be persisted: no sequence to order or resume by
                {
                    if (matcher.Matches(e)) yield return e;
                    continue;
                }
                if (previousLive != 0 && e.Sequence > previousLive + 1 && e.Sequence - 1 > last)
                {
                    // Our subscription dropped its oldest events: take them from the store.
                    await foreach (var missed in HistoryAsync(hub, matcher, last, e.Sequence, cancellationToken))
                    {
                        last = Math.Max(last, missed.Sequence);
                        if (matcher.Matches(missed)) yield return missed;
                    }
                }
                previousLive = e.Sequence;
                if (e.Sequence <= last) continue;
                last = e.Sequence;
                if (matcher.Until is { } stop && e.Time > stop) yield break;
                if (matcher.Matches(e)) yield return e;
            }
        }
    }

    /// <summary>False when the channel ended or the until time passed; throws when the caller cancelled.</summary>
    private static async Task<bool> WaitAsync<T>(System.Threading.Channels.ChannelReader<T> reader, CancellationToken until, CancellationToken caller)
    {
        try
        {
            return await reader.WaitToReadAsync(until);
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return false;
        }
    }

    private static async IAsyncEnumerable<EngineEvent> HistoryAsync(
        EventHub hub, EventMatcher matcher, long after, long before, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            var page = await hub.QueryAsync(matcher.ToQuery(after) with { Limit = PageSize }, cancellationToken);
            foreach (var e in page)
            {
                if (e.Sequence >= before) yield break;
                after = Math.Max(after, e.Sequence);
                yield return e;
            }
            if (page.Count < PageSize) yield break;
        }
    }
}
