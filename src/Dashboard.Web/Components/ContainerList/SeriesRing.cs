namespace Dashboard.Web.Components.ContainerList;

/// <summary>The last <see cref="Capacity"/> values of one series, oldest first; a fixed array so a page with hundreds
/// of containers allocates nothing per tick.</summary>
public sealed class SeriesRing(int capacity = 60)
{
    private readonly double[] _values = new double[capacity];
    private int _start;

    public int Capacity => _values.Length;
    public int Count { get; private set; }
    /// <summary>Bumped on every add, so a sparkline can skip re-rendering when nothing changed.</summary>
    public long Version { get; private set; }

    public double this[int index] => _values[(_start + index) % _values.Length];

    public double? Last => Count == 0 ? null : this[Count - 1];

    public void Add(double value)
    {
        if (Count < _values.Length) _values[(_start + Count++) % _values.Length] = value;
        else { _values[_start] = value; _start = (_start + 1) % _values.Length; }
        Version++;
    }

    public double Max()
    {
        var max = 0d;
        for (var i = 0; i < Count; i++) max = Math.Max(max, this[i]);
        return max;
    }
}
