namespace Dashboard.Engine.Inspection;

/// <summary>The namespace types the kernel lists under /proc/PID/ns, by their file names there.</summary>
public static class NamespaceType
{
    public const string Pid = "pid";
    public const string Net = "net";
    public const string Mnt = "mnt";
    public const string Uts = "uts";
    public const string Ipc = "ipc";
    public const string User = "user";
    public const string Cgroup = "cgroup";
    public const string Time = "time";

    /// <summary>In the order the inspector reports them.</summary>
    public static readonly IReadOnlyList<string> All = [Pid, Net, Mnt, Uts, Ipc, User, Cgroup, Time];
}
