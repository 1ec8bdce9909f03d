using System.Collections.Concurrent;
using Dashboard.Engine.Events;

namespace Dashboard.Web.Components.Events;

/// <summary>
/// The rows of the events page: newest first, at most <see cref="Capacity"/> in memory. Live events arrive on any
/// thread and wait in a queue until the page's render tick drains them, so a burst of events costs one render.
/// Events at or below the newest sequence already shown are dropped (history and live overlap by design).
/// </summary>
public sealed class EventFeed(int capacity = 500)
{
    private readonly ConcurrentQueue<EngineEvent> _pending = new();
    private readonly List<EngineEvent> _rows = [];
    private long _newestSequence;

    public int Capacity { get; } = capacity;

    /// <summary>Newest first.</summary>
    public IReadOnlyList<EngineEvent> Rows => _rows;

    /// <summary>Replaces the rows with history (oldest first, as the store returns it). Render thread only.</summary>
    public void Load(IReadOnlyList<EngineEvent> history)
    {
        _rows.Clear();
        _newestSequence = 0;
        for (var i = history.Count - 1; i >= 0 && _rows.Count < Capacity; i--) _rows.Add(history[i]);
        if (history.Count > 0) _newestSequence = history.Max(e => e.Sequence);
    }

    /// <summary>Thread-safe: queues a live event for the next <see cref="Drain"/>.</summary>
    public void Enqueue(EngineEvent e) => _pending.Enqueue(e);

    /// <summary>Moves queued events into the rows; true when any was added. Render thread only.</summary>
    public bool Drain()
    {
        var added = new List<EngineEvent>();
        while (_pending.TryDequeue(out var e))
        {
            if (e.Sequence != 0 && e.Sequence <= _newestSequence) continue;
            added.Add(e);
            _newestSequence = Math.Max(_newestSequence, e.Sequence);
        }
        if (added.Count == 0) return false;
        added.Reverse();
        _rows.InsertRange(0, added.Count > Capacity ? added.Take(Capacity) : added);
        if (_rows.Count > Capacity) _rows.RemoveRange(Capacity, _rows.Count - Capacity);
        return true;
    }
}
