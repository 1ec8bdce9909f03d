using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Containers;

namespace Dashboard.Engine.Monitoring;

/// <summary>
/// Connects the engine to the kernel's OOM reports for its containers: the memory cgroup of each running
/// container is registered with the <see cref="OomWatcher"/>, and its oom_kill counter decides whether a 137 exit
/// was the kernel's doing.
/// </summary>
public sealed class CgroupOomSource(CgroupLayout layout, string cgroupParent, OomWatcher watcher) : IOomSource
{
    public void Watch(string containerId)
    {
        var dir = Cgroup(containerId).MemoryDir;
        if (dir is not null && Directory.Exists(dir)) watcher.Watch(containerId, dir);
    }

    public void Unwatch(string containerId) => watcher.Unwatch(containerId);

    public long ReadOomKillCount(string containerId)
    {
        var dir = Cgroup(containerId).MemoryDir;
        if (dir is null) return 0;
        var file = Path.Combine(dir, layout.Mode == CgroupMode.V2 ? "memory.events" : "memory.oom_control");
        try
        {
            return CgroupFileParsers.ParseOomKillCount(File.ReadAllText(file)) ?? 0;
        }
        catch (IOException) { return 0; }
        catch (UnauthorizedAccessException) { return 0; }
    }

    public ContainerCgroup Cgroup(string containerId) =>
        new(layout, $"/{cgroupParent.Trim('/')}/{containerId}", cgroupParent);
}
