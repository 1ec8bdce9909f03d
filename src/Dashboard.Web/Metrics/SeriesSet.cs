using Prometheus;

namespace Dashboard.Web.Metrics;

/// <summary>
/// Remembers which labelled series one scrape wrote, so the next scrape can unpublish the series of containers
/// that are gone (prometheus-net otherwise keeps a child forever). Not thread-safe; the caller holds a lock.
/// </summary>
internal sealed class SeriesSet
{
    private Dictionary<string, (Action Remove, bool Seen)> _series = new(StringComparer.Ordinal);

    public void Gauge(Gauge gauge, double value, params string[] labels)
    {
        gauge.WithLabels(labels).Set(value);
        Mark(gauge.Name, labels, () => gauge.RemoveLabelled(labels));
    }

    /// <summary>Counters only go up; a smaller value means the container's cgroup was recreated (a restart), so
    /// the series starts again, as cAdvisor's does.</summary>
    public void Counter(Counter counter, double value, params string[] labels)
    {
        var child = counter.WithLabels(labels);
        if (value < child.Value)
        {
            counter.RemoveLabelled(labels);
            child = counter.WithLabels(labels);
        }
        child.IncTo(value);
        Mark(counter.Name, labels, () => counter.RemoveLabelled(labels));
    }

    /// <summary>Starts a scrape: every series is unseen until written again.</summary>
    public void Begin()
    {
        foreach (var key in _series.Keys.ToArray()) _series[key] = (_series[key].Remove, false);
    }

    /// <summary>Ends a scrape: series not written this time are removed.</summary>
    public void Sweep()
    {
        var kept = new Dictionary<string, (Action, bool)>(StringComparer.Ordinal);
        foreach (var (key, (remove, seen)) in _series)
        {
            if (seen) kept[key] = (remove, true);
            else remove();
        }
        _series = kept;
    }

    private void Mark(string name, string[] labels, Action remove) =>
        _series[name + "\u0000" + string.Join('\u0000', labels)] = (remove, true);
}
