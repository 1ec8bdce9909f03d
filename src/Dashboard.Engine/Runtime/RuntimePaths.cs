namespace Dashboard.Engine.Runtime;

/// <summary>
/// The volatile files the runtime layer keeps under Engine:RunRoot (a tmpfs: gone after reboot, as are the
/// containers they describe): runc/crun state (runtime/), conmon exit files (exits/ID), conmon and container pid
/// files (conmon/ID.pid, conmon/ID.ctr.pid) and conmon's attach socket links (socket/).
/// </summary>
public sealed record RuntimePaths(string RunRoot)
{
    public string RuntimeRoot => Path.Combine(RunRoot, "runtime");
    public string ExitDir => Path.Combine(RunRoot, "exits");
    public string ConmonDir => Path.Combine(RunRoot, "conmon");
    public string SocketDir => Path.Combine(RunRoot, "socket");

    public string ExitFile(string id) => Path.Combine(ExitDir, id);
    public string ConmonPidFile(string id) => Path.Combine(ConmonDir, id + ".pid");
    public string ContainerPidFile(string id) => Path.Combine(ConmonDir, id + ".ctr.pid");
    public string SocketLink(string id) => Path.Combine(SocketDir, id);

    /// <summary>Creates the directories (mode 0700: they reveal container ids and pids).</summary>
    public void EnsureCreated()
    {
        foreach (var dir in new[] { RunRoot, RuntimeRoot, ExitDir, ConmonDir, SocketDir })
        {
            if (!Directory.Exists(dir))
                Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }
}
