using System.Collections.Concurrent;

namespace Dashboard.Engine.Volumes;

public sealed partial class VolumeService
{
    /// <summary>How long a measured size is shown before it is measured again.</summary>
    public static readonly TimeSpan SizeMaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, VolumeSize> _sizes = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task> _measuring = new(StringComparer.Ordinal);

    /// <summary>The last measured size of a volume's content (null before the first measurement). Walking a volume
    /// costs a stat per file, so it never runs on the caller's path: a missing or stale size starts one measurement in
    /// the background, and <see cref="SizeMeasured"/> says when it is there.</summary>
    public VolumeSize? CachedSize(string name)
    {
        var cached = _sizes.GetValueOrDefault(name);
        if ((cached is null || DateTimeOffset.UtcNow - cached.MeasuredAt > SizeMaxAge) && _volumes.ContainsKey(name))
            _measuring.GetOrAdd(name, n => Task.Run(() => Measure(n)));
        return cached;
    }

    /// <summary>Raised (on a pool thread) with the volume's name when a background measurement finished.</summary>
    public event Action<string>? SizeMeasured;

    private void Measure(string name)
    {
        try
        {
            _sizes[name] = new VolumeSize(Snapshots.DirectorySize.Of(DataPath(name)), DateTimeOffset.UtcNow);
        }
        finally
        {
            _measuring.TryRemove(name, out _);
        }
        if (!_volumes.ContainsKey(name)) _sizes.TryRemove(name, out _);
        else SizeMeasured?.Invoke(name);
    }

    private void ForgetSize(string name) => _sizes.TryRemove(name, out _);
}

/// <summary>A volume's content size in bytes and when it was measured.</summary>
public sealed record VolumeSize(long Bytes, DateTimeOffset MeasuredAt);

