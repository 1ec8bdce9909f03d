namespace Dashboard.Engine.Hosting;

/// <summary>The "Engine" configuration section.</summary>
public sealed class EngineOptions
{
    public const string Section = "Engine";

    /// <summary>Persistent state: the SQLite file, image layers, container writable layers and bundles.</summary>
    public string DataRoot { get; set; } = "/var/lib/dashboard";

    /// <summary>Volatile state (tmpfs): runtime state dir, conmon pid/exit files, the API socket.</summary>
    public string RunRoot { get; set; } = "/run/dashboard";

    /// <summary>"runc", "crun", an absolute path, or empty for the first that works on this host.</summary>
    public string? Runtime { get; set; }

    /// <summary>Path of conmon; empty means search PATH and the usual libexec locations.</summary>
    public string? Conmon { get; set; }

    /// <summary>Parent cgroup (relative to each hierarchy root) under which every container's cgroup is made.</summary>
    public string CgroupParent { get; set; } = "dashboard";

    /// <summary>Seconds between the stop signal and SIGKILL when neither the request nor the container says.</summary>
    public int DefaultStopTimeoutSeconds { get; set; } = 10;

    /// <summary>Where the built-in busybox image comes from.</summary>
    public string BusyboxPath { get; set; } = "/bin/busybox";

    /// <summary>Let containers make 32-bit (x86, x32, arm) system calls, as Docker's seccomp profile does. Off by
    /// default: each extra ABI makes every container start slower (runc compiles the filter per start).</summary>
    public bool SeccompCompatArchitectures { get; set; }

    public string DatabasePath => Path.Combine(DataRoot, "dashboard.db");
}
