namespace Dashboard.Engine.Runtime;

/// <summary>
/// A conmon this engine started, found by the pid in RunRoot/conmon/ID.pid. The pid is trusted only after /proc shows
/// it is still that conmon (the program is conmon, with "-c ID" and this run root's exit directory), so a pid the
/// kernel has since given to another process is never signalled, nor another engine's conmon.
/// </summary>
public static class ConmonProcess
{
    private const int SigKill = 9;

    /// <summary>The pid of the container's conmon while it runs; null when there is none (or the pid file lies).</summary>
    public static int? Find(RuntimePaths paths, string id, string procRoot = "/proc")
    {
        var pid = ConmonRuntime.ReadPidFile(paths.ConmonPidFile(id));
        return pid is { } candidate && Matches(ReadCommandLine(procRoot, candidate), paths, id) ? candidate : null;
    }

    /// <summary>SIGKILLs the container's conmon if it still runs; true when one was killed.</summary>
    public static bool Kill(RuntimePaths paths, string id) =>
        Find(paths, id) is { } pid && NativeMethods.kill(pid, SigKill) == 0;

    /// <summary>True when <paramref name="argv"/> is the command line of the conmon this engine starts for
    /// <paramref name="id"/> (see <see cref="ConmonArguments"/>).</summary>
    public static bool Matches(IReadOnlyList<string> argv, RuntimePaths paths, string id)
    {
        if (argv.Count < 2 || Path.GetFileName(argv[0]) != "conmon") return false;
        return ValueOf(argv, "-c") == id && ValueOf(argv, "--exit-dir") == paths.ExitDir;
    }

    private static string? ValueOf(IReadOnlyList<string> argv, string flag)
    {
        for (var i = 1; i < argv.Count - 1; i++)
            if (argv[i] == flag) return argv[i + 1];
        return null;
    }

    private static string[] ReadCommandLine(string procRoot, int pid)
    {
        try
        {
            return File.ReadAllText(Path.Combine(procRoot, pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "cmdline")).Split('\0');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }
}
