namespace Dashboard.Engine.Containers;

/// <summary>
/// The kernel's view of OOM kills in a container's memory cgroup. The engine asks it to watch a container while
/// it runs (notifications come back through <see cref="ContainerEngine.OnOomAsync"/>) and reads the oom_kill
/// counter to decide, when a container dies, whether the kernel killed it.
/// </summary>
public interface IOomSource
{
    void Watch(string containerId);

    void Unwatch(string containerId);

    /// <summary>The oom_kill counter of the container's memory cgroup, or 0 when it cannot be read.</summary>
    long ReadOomKillCount(string containerId);
}

/// <summary>What the kernel reported about one OOM kill in a container.</summary>
public sealed record OomReport(DateTimeOffset Time, long OomKillCount, long? MemoryUsageBytes, long? MemoryLimitBytes, int? VictimPid = null, string? VictimCommand = null);
