using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Containers;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Stats;

public sealed partial class StatsSampler
{
    /// <summary>Applies queued container changes (caller holds _gate). A watch that overflowed is replaced.</summary>
    private void ApplyChanges(DateTimeOffset now)
    {
        if (_watch is null) return;
        while (_watch.Changes.TryRead(out var change))
        {
            if (change.Kind == ContainerChangeKind.Removed) MarkRemoved(change.Container.Id, now);
            else Apply(change.Container);
        }
        if (_watch.Changes.Completion.IsCompleted && Volatile.Read(ref _disposed) == 0)
        {
            _logger.LogWarning("The stats sampler's container watch ended; taking a fresh snapshot");
            Rewatch(now);
        }
    }

    /// <summary>(Re)subscribes and reconciles with the snapshot: unknown containers count as removed.</summary>
    private void Rewatch(DateTimeOffset? now = null)
    {
        _watch?.Dispose();
        try
        {
            _watch = _watchFactory();
        }
        catch (ObjectDisposedException)
        {
            _watch = null;
            return;
        }
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in _watch.Snapshot)
        {
            present.Add(record.Id);
            Apply(record);
        }
        foreach (var tracked in _tracked.Values.Where(t => !present.Contains(t.Id) && t.RemovedAt is null).ToList())
            MarkRemoved(tracked.Id, now ?? _time.GetUtcNow());
    }

    private void Apply(ContainerRecord record)
    {
        var alive = record.State.Status.IsAlive() && record.State.Pid is > 0;
        _tracked.TryGetValue(record.Id, out var tracked);
        if (!alive)
        {
            tracked?.Close();
            return;
        }
        if (tracked is null)
        {
            tracked = new TrackedContainer(record.Id, _options.RingCapacity);
            _tracked[record.Id] = tracked;
        }
        tracked.RemovedAt = null;
        if (tracked.Reader is not null && tracked.Pid == record.State.Pid) return;
        // New run (or a restart with a new PID 1 and a re-created cgroup): reopen; rates start afresh.
        tracked.Close();
        try
        {
            var cgroup = ContainerCgroup.Of(_layout, _cgroupParent, record.Id);
            tracked.Reader = new CgroupStatsReader(record.Id, cgroup, _options.ProcRoot, record.State.Pid, _options.HostMemoryBytes);
            tracked.Pid = record.State.Pid;
        }
        catch (ArgumentException ex)
        {
            _logger.LogWarning(ex, "Cannot sample container {Id}", record.Id);
        }
    }

    private void MarkRemoved(string id, DateTimeOffset now)
    {
        if (!_tracked.TryGetValue(id, out var tracked)) return;
        tracked.Close();
        tracked.RemovedAt ??= now;
    }
}
