namespace Dashboard.Engine.Runtime;

/// <summary>
/// The volatile files the runtime layer keeps under Engine:RunRoot (a tmpfs: gone after reboot, as are the
/// containers they describe): runc/crun state (runtime/), conmon exit files (exits/ID), conmon and container pid
/// files (conmon/ID.pid, conmon/ID.ctr.pid), conmon's working directory (conmon/ID/, where it writes an "oom" file
/// on every OOM kill) and conmon's attach socket links (socket/).
/// </summary>
public sealed record RuntimePaths(string RunRoot)
{
    public string RuntimeRoot => Path.Combine(RunRoot, "runtime");
    public string ExitDir => Path.Combine(RunRoot, "exits");
    public string ConmonDir => Path.Combine(RunRoot, "conmon");
    public string SocketDir => Path.Combine(RunRoot, "socket");
    /// <summary>Exec sessions: RunRoot/exec/CONTAINER/SESSION, each conmon --exec's bundle directory.</summary>
    public string ExecRoot => Path.Combine(RunRoot, "exec");
    public string ExecDir(string containerId) => Path.Combine(ExecRoot, containerId);
    public string ExecSessionDir(string containerId, string sessionId) => Path.Combine(ExecRoot, containerId, sessionId);

    public string ExitFile(string id) => Path.Combine(ExitDir, id);
    public string ConmonPidFile(string id) => Path.Combine(ConmonDir, id + ".pid");
    public string ContainerPidFile(string id) => Path.Combine(ConmonDir, id + ".ctr.pid");
    public string SocketLink(string id) => Path.Combine(SocketDir, id);
    /// <summary>The container's run directory: conmon's (and so the runtime's) working directory.</summary>
    public string ConmonWorkDir(string id) => Path.Combine(ConmonDir, id);

    /// <summary>Creates <see cref="ConmonWorkDir"/> (0700) and returns it.</summary>
    public string CreateConmonWorkDir(string id)
    {
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("The runtime layer needs Linux.");
        return Directory.CreateDirectory(ConmonWorkDir(id), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute).FullName;
    }

    /// <summary>Creates the directories: RunRoot with the default mode (it also holds the API socket, which group
    /// members reach), the runtime's own subdirectories 0700 (they reveal container ids and pids).</summary>
    public void EnsureCreated()
    {
        Directory.CreateDirectory(RunRoot);
        foreach (var dir in new[] { RuntimeRoot, ExitDir, ConmonDir, SocketDir, ExecRoot })
        {
            if (Directory.Exists(dir)) continue;
            if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("The runtime layer needs Linux.");
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
