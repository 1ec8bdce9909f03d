namespace Dashboard.Engine.Inspection;

/// <summary>
/// A process of the container seen from both sides: <see cref="HostPid"/> is the pid on the host, <see cref="ContainerPid"/>
/// the pid inside the container's pid namespace (the last NSpid entry). With --pid host both are the same.
/// </summary>
public sealed record NamespaceProcess
{
    public required int HostPid { get; init; }
    public required int ContainerPid { get; init; }
    public required int HostParentPid { get; init; }
    /// <summary>The parent's pid inside the container, or 0 when the parent is outside it (as for PID 1).</summary>
    public required int ContainerParentPid { get; init; }
    /// <summary>The whole NSpid line: the pid in each nested pid namespace, outermost first.</summary>
    public required IReadOnlyList<int> NsPids { get; init; }
    public required int Uid { get; init; }
    /// <summary>The user name from the container's /etc/passwd, or the uid as text.</summary>
    public required string User { get; init; }
    /// <summary>The command line (argv joined by spaces), or [comm] for a kernel-style process without one.</summary>
    public required string Command { get; init; }
    /// <summary>The state letter and word from /proc/PID/status, e.g. "S (sleeping)".</summary>
    public required string State { get; init; }
    /// <summary>User plus system CPU time since the process started.</summary>
    public required TimeSpan CpuTime { get; init; }
    /// <summary>CPU time over time since the process started, in percent of one core (what ps shows as %CPU).</summary>
    public required double CpuPercent { get; init; }
    public required long RssBytes { get; init; }
    /// <summary>Time since the process started (/proc/uptime minus its start time); ps derives STIME from it.</summary>
    public TimeSpan Elapsed { get; init; }
    public bool IsPid1 => ContainerPid == 1;
}
