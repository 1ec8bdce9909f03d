using System.ComponentModel;
using System.Threading.Channels;
using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Containers;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Engine.Monitoring;

/// <summary>
/// The engine's <see cref="IOomSource"/> over the real cgroups: maps a container id to its memory cgroup
/// (/PARENT/ID in the memory hierarchy, PARENT being Engine:CgroupParent, or the unified dir on v2) and watches it with <see cref="OomWatcher"/>.
/// Watching is best effort: a cgroup that cannot be watched is logged, and the engine still detects OOM kills from
/// exit code 137 plus the oom_kill counter. Forward <see cref="OomWatcher.Notifications"/> to the engine with
/// <see cref="ForwardAsync"/>.
/// </summary>
public sealed class CgroupOomSource(CgroupLayout layout, string cgroupParent, OomWatcher watcher, ILogger<CgroupOomSource>? logger = null)
    : IOomSource
{
    private readonly ILogger _logger = logger ?? NullLogger<CgroupOomSource>.Instance;
    private readonly string _parent = cgroupParent.Trim('/');

    public void Watch(string containerId)
    {
        var dir = MemoryDir(containerId);
        if (dir is null || !Directory.Exists(dir))
        {
            _logger.LogWarning("No memory cgroup for {Id} at {Dir}; OOM kills are detected from the exit code only", containerId, dir);
            return;
        }
        try
        {
            watcher.Watch(containerId, dir);
        }
        catch (Exception e) when (e is IOException or Win32Exception or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "Cannot watch {Dir} for OOM kills of {Id}", dir, containerId);
        }
    }

    public void Unwatch(string containerId) => watcher.Unwatch(containerId);

    public long ReadOomKillCount(string containerId) => Cgroup(containerId).ReadOomKillCount();

    /// <summary>The container's cgroup directories under the engine's parent.</summary>
    public ContainerCgroup Cgroup(string containerId) => ContainerCgroup.Of(layout, _parent, containerId);

    /// <summary>The container's memory cgroup directory, or null when the memory controller is not mounted.</summary>
    public string? MemoryDir(string containerId) => Cgroup(containerId).MemoryDir;

    /// <summary>Hands every notification to <paramref name="onOom"/> (e.g. ContainerEngine.OnOomAsync) until the
    /// watcher completes or <paramref name="cancellationToken"/> fires. A failing handler is logged, not fatal.</summary>
    public static async Task ForwardAsync(ChannelReader<OomNotification> notifications, Func<string, OomReport, Task> onOom,
        ILogger? logger, CancellationToken cancellationToken)
    {
        await foreach (var notification in notifications.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                await onOom(notification.Id, notification.Report).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger?.LogError(e, "Handling the OOM kill of {Id} failed", notification.Id);
            }
        }
    }
}
