namespace Dashboard.Engine.Events;

/// <summary>The types of <see cref="EngineEvent.Type"/>.</summary>
public static class EventTypes
{
    public const string Container = "container";
    public const string Image = "image";
    public const string Network = "network";
}

/// <summary>
/// The actions the engine publishes (<see cref="EngineEvent.Action"/>): the one place their names are written. Docker's
/// names where Docker has the event; the Docker API maps the others (<see cref="LimitsUpdated"/> is Docker's "update").
/// </summary>
public static class EventActions
{
    public const string Create = "create";
    public const string Start = "start";
    public const string Die = "die";
    public const string Oom = "oom";
    public const string Kill = "kill";
    public const string Stop = "stop";
    public const string Pause = "pause";
    public const string Unpause = "unpause";
    public const string Restart = "restart";
    public const string Destroy = "destroy";
    public const string LimitsUpdated = "limits-updated";
    /// <summary>A copy out of the container began (docker cp CONTAINER:PATH).</summary>
    public const string ArchivePath = "archive-path";
    /// <summary>A copy into the container finished (docker cp PATH CONTAINER:DIR).</summary>
    public const string ExtractToDir = "extract-to-dir";
    /// <summary>docker export of the container's file system began.</summary>
    public const string Export = "export";
    public const string Import = "import";
    public const string Load = "load";
    public const string Pull = "pull";
    public const string Tag = "tag";
    public const string Untag = "untag";
    public const string Delete = "delete";
    /// <summary>Docker's exec events (its Action text adds ": COMMAND" to the first two).</summary>
    public const string ExecCreate = "exec_create";
    public const string ExecStart = "exec_start";
    public const string ExecDie = "exec_die";
    /// <summary>A TTY client of an attach typed its detach keys: it left, the container goes on (Docker's "detach").</summary>
    public const string Detach = "detach";
    /// <summary>A TTY client of an exec typed its detach keys: it left, the exec goes on (Docker's "exec_detach").</summary>
    public const string ExecDetach = "exec_detach";
    /// <summary>The container's terminal was resized (POST /containers/{id}/resize), as Docker logs it.</summary>
    public const string Resize = "resize";
    /// <summary>Docker's network events: a container joined or left a network (Attributes: container, name, type).</summary>
    public const string Connect = "connect";
    public const string Disconnect = "disconnect";
}

/// <summary>The attribute keys of <see cref="EngineEvent.Attributes"/> the engine writes; a container's labels travel as
/// attributes too, under their own keys (never replacing these).</summary>
public static class EventAttributeKeys
{
    /// <summary>Container or image name.</summary>
    public const string Name = "name";
    /// <summary>A container's image reference.</summary>
    public const string Image = "image";

    /// <summary>exec_create, exec_start, exec_die, exec_detach: the exec session's id (Docker's key).</summary>
    public const string ExecId = "execID";
    /// <summary>exec_create, exec_start, exec_die: the command, its arguments joined by spaces.</summary>
    public const string ExecCommand = "execCommand";

    /// <summary>resize: the new terminal size, rows and columns, as numbers (Docker's keys).</summary>
    public const string Height = "height";
    public const string Width = "width";

    /// <summary>die, exec_die: the exit code, as a number.</summary>
    public const string ExitCode = "exitCode";
    /// <summary>die: "true" when the kernel OOM-killed the container's process, else "false".</summary>
    public const string OomKilled = "oomKilled";
    /// <summary>oom, and die with oomKilled: the memory limit and usage in bytes at that moment.</summary>
    public const string MemoryLimit = "memoryLimit";
    public const string MemoryUsage = "memoryUsage";
    /// <summary>oom: the memory cgroup's cumulative oom_kill counter.</summary>
    public const string OomKillCount = "oomKillCount";
    /// <summary>oom: the process the kernel killed, when its log names it.</summary>
    public const string VictimPid = "victimPid";
    public const string VictimCommand = "victimCommand";
    /// <summary>kill: the signal number.</summary>
    public const string Signal = "signal";

    /// <summary>limits-updated: the new values, each present when it changed.</summary>
    public const string Cpus = "cpus";
    public const string CpuQuota = "cpuQuota";
    public const string CpuPeriod = "cpuPeriod";
    public const string CpuShares = "cpuShares";
    public const string Memory = "memory";
    public const string MemorySwap = "memorySwap";
    public const string PidsLimit = "pidsLimit";
    /// <summary>The restart policy a docker update set ("always", "on-failure", ...).</summary>
    public const string RestartPolicy = "restartPolicy";
}
