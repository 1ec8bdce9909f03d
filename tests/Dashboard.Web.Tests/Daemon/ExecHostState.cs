namespace Dashboard.Web.Tests.Daemon;

/// <summary>What exec sessions leave on the host, read from /proc and the daemon's run root: the processes that run
/// execs (conmon's --exec-process-spec, or the daemon's own foreground runc exec --process of an attached exec, under
/// this daemon's run root), processes whose command line is given exactly, and the session directories under
/// RunRoot/exec/CONTAINER.</summary>
internal static class ExecHostState
{
    /// <summary>Pids of the exec conmons and exec runcs of the daemon whose run root is <paramref name="runRoot"/>.</summary>
    public static IReadOnlyList<int> ExecRunners(string runRoot) =>
        Processes(argv => argv.Length > 1 && IsExecRunner(argv)
            && argv.Any(a => a.StartsWith(Path.Combine(runRoot, "exec") + "/", StringComparison.Ordinal)));

    /// <summary>conmon --exec-process-spec SPEC, or runc exec --process SPEC (the daemon's own, for an attached exec).</summary>
    public static bool IsExecRunner(string[] argv) =>
        (Path.GetFileName(argv[0]) == "conmon" && argv.Contains("--exec-process-spec"))
        || (Path.GetFileName(argv[0]) is "runc" or "crun" && argv.Contains("exec") && argv.Contains("--process"));

    /// <summary>Pids of processes whose argv is exactly <paramref name="command"/> (e.g. a sleep with a marker duration).</summary>
    public static IReadOnlyList<int> WithCommand(params string[] command) =>
        Processes(argv => argv.SequenceEqual(command));

    /// <summary>The session directories of a container's execs (RunRoot/exec/CONTAINER/SESSION).</summary>
    public static IReadOnlyList<string> SessionDirectories(string runRoot, string containerId)
    {
        var dir = Path.Combine(runRoot, "exec", containerId);
        return Directory.Exists(dir) ? Directory.GetDirectories(dir) : [];
    }

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    /// <summary>A readable account of what is left, for an assertion's message.</summary>
    public static string Describe(string runRoot, string containerId, params string[][] commands) =>
        $"exec conmons and runcs [{string.Join(' ', ExecRunners(runRoot))}], " +
        string.Join(", ", commands.Select(c => $"'{string.Join(' ', c)}' [{string.Join(' ', WithCommand(c))}]")) +
        $", session dirs [{string.Join(' ', SessionDirectories(runRoot, containerId).Select(Path.GetFileName))}]";

    public static bool NothingLeft(string runRoot, string containerId, params string[][] commands) =>
        ExecRunners(runRoot).Count == 0 && commands.All(c => WithCommand(c).Count == 0)
        && SessionDirectories(runRoot, containerId).Count == 0;

    private static List<int> Processes(Func<string[], bool> match)
    {
        var pids = new List<int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            string[] argv;
            try
            {
                argv = File.ReadAllText(Path.Combine(dir, "cmdline")).TrimEnd('\0').Split('\0');
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                continue; // gone meanwhile
            }
            if (argv.Length > 0 && argv[0].Length > 0 && match(argv)) pids.Add(pid);
        }
        return pids;
    }
}
