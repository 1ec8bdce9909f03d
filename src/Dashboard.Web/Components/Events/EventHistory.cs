using Dashboard.Engine.Events;

namespace Dashboard.Web.Components.Events;

/// <summary>
/// Reads the newest events of a range. The store answers oldest first with a limit, so a busy range is read page by
/// page (by sequence) keeping only the last <paramref name="keep"/>; <see cref="MaxPages"/> bounds the work.
/// </summary>
public static class EventHistory
{
    public const int PageSize = 5000;
    public const int MaxPages = 40;

    /// <returns>At most <paramref name="keep"/> events, oldest first.</returns>
    public static async Task<IReadOnlyList<EngineEvent>> NewestAsync(EventHub hub, DateTimeOffset since, int keep, CancellationToken cancellationToken)
    {
        var window = new Queue<EngineEvent>(keep + 1);
        long? after = null;
        for (var page = 0; page < MaxPages; page++)
        {
            var batch = await hub.QueryAsync(new EventQuery { Since = since, AfterSequence = after, Limit = PageSize }, cancellationToken);
            foreach (var e in batch)
            {
                window.Enqueue(e);
                if (window.Count > keep) window.Dequeue();
            }
            if (batch.Count < PageSize) break;
            after = batch[^1].Sequence;
        }
        return window.ToList();
    }
}
