using Dashboard.Engine.Containers;

namespace Dashboard.Engine.Monitoring;

/// <summary>conmon recorded that a container's process exited. <see cref="Time"/> is the exit file's write time (UTC).</summary>
public sealed record ContainerExited(string Id, int ExitCode, DateTimeOffset Time);

/// <summary>
/// The kernel reported an OOM kill in container <see cref="Id"/>'s memory cgroup: <see cref="OomReport.OomKillCount"/> is
/// the cgroup's cumulative oom_kill counter (0 on kernels that do not count); usage and limit are read right after the
/// event. The victim comes from the kernel log when it is readable (see <see cref="KernelOomLog"/>), else it is null.
/// </summary>
public sealed record OomNotification(string Id, OomReport Report);
