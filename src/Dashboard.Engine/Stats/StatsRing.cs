namespace Dashboard.Engine.Stats;

/// <summary>
/// A fixed-size ring of the newest samples of one container, oldest overwritten first. Thread-safe: the sampler
/// writes, API and hub readers copy out.
/// </summary>
internal sealed class StatsRing(int capacity)
{
    private readonly ContainerStats?[] _items = new ContainerStats?[Math.Max(2, capacity)];
    private readonly object _gate = new();
    private int _next;
    private int _count;

    public int Capacity => _items.Length;

    public int Count { get { lock (_gate) return _count; } }

    public void Add(ContainerStats sample)
    {
        lock (_gate)
        {
            _items[_next] = sample;
            _next = (_next + 1) % _items.Length;
            if (_count < _items.Length) _count++;
        }
    }

    public (ContainerStats? Latest, ContainerStats? Previous) LatestPair()
    {
        lock (_gate)
        {
            if (_count == 0) return (null, null);
            var latest = _items[(_next - 1 + _items.Length) % _items.Length];
            var previous = _count > 1 ? _items[(_next - 2 + _items.Length) % _items.Length] : null;
            return (latest, previous);
        }
    }

    /// <summary>Samples with Time in [from, to], oldest first.</summary>
    public IReadOnlyList<ContainerStats> Range(DateTimeOffset from, DateTimeOffset to)
    {
        lock (_gate)
        {
            var result = new List<ContainerStats>();
            var start = (_next - _count + _items.Length) % _items.Length;
            for (var i = 0; i < _count; i++)
            {
                var item = _items[(start + i) % _items.Length]!;
                if (item.Time >= from && item.Time <= to) result.Add(item);
            }
            return result;
        }
    }
}
