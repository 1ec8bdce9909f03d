namespace Dashboard.Cli.Commands;

/// <summary>
/// docker run stops reading its own flags at the image: in "run busybox sh -c 'echo hi'" the "-c" belongs to sh (and
/// docker exec at the container: "exec web sh -c 'exit 3'").
/// System.CommandLine reads options anywhere, so a "--" is inserted after the image to keep the rest verbatim.
/// </summary>
public static class RunArgs
{
    public static readonly HashSet<string> GlobalValueOptions = ["--host", "-H"];

    /// <summary>Options of run/create that take a value (the next token, unless written --opt=value).</summary>
    public static readonly HashSet<string> ValueOptions =
    [
        "--name", "-e", "--env", "-w", "--workdir", "-u", "--user", "-h", "--hostname", "-l", "--label",
        "--cpus", "--cpu-shares", "-c", "--cpuset-cpus", "--cpu-period", "--cpu-quota", "-m", "--memory",
        "--memory-swap", "--pids-limit", "--restart", "--network", "--net", "--pid", "--ipc", "--uts", "-v", "--volume", "--entrypoint",
        "--stop-timeout", "--stop-signal", "--host", "-H", "--cap-add", "--cap-drop", "--security-opt", "--ulimit", "--tmpfs",
        "--mount", "--device", "--sysctl", "--shm-size", "--group-add", "--oom-score-adj", "--cpuset-mems", "--blkio-weight", "--log-opt",
        "--network-alias", "--ip", "-p", "--publish", "--expose",
    ];

    /// <summary>Options of exec that take a value; the token after its own flags is the container, then the command.</summary>
    public static readonly HashSet<string> ExecValueOptions = ["-e", "--env", "-u", "--user", "-w", "--workdir", "--host", "-H"];

    public static string[] SeparateContainerCommand(string[] args)
    {
        var i = 0;
        // Global options before the command name.
        while (i < args.Length && args[i].StartsWith('-'))
            i += GlobalValueOptions.Contains(args[i]) ? 2 : 1;
        if (i >= args.Length || args[i] is not ("run" or "create" or "exec")) return args;
        var valueOptions = args[i] == "exec" ? ExecValueOptions : ValueOptions;
        for (i++; i < args.Length; i++)
        {
            var token = args[i];
            if (token == "--") return args;
            if (token.StartsWith('-') && token.Length > 1)
            {
                if (valueOptions.Contains(token)) i++;
                continue;
            }
            // token is the image; the rest is the container's command.
            if (i == args.Length - 1) return args;
            return [.. args[..(i + 1)], "--", .. args[(i + 1)..]];
        }
        return args;
    }
}
