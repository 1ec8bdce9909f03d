using System.CommandLine;
using Dashboard.Cli.Commands;

namespace Dashboard.Cli;

/// <summary>The dashctl entry point, callable in-process (tests pass their own writers and environment).</summary>
public static class Dashctl
{
    public static Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr,
        Func<string, string?> environment, CancellationToken cancellationToken) =>
        RunAsync(args, Stream.Null, stdout, stderr, environment, cancellationToken);

    /// <param name="stdin">What `run -i` sends to the container's stdin.</param>
    public static Task<int> RunAsync(string[] args, Stream stdin, TextWriter stdout, TextWriter stderr,
        Func<string, string?> environment, CancellationToken cancellationToken) =>
        RunAsync(args, stdin, Stream.Null, stdout, stderr, environment, cancellationToken);

    /// <param name="binaryStdout">Standard output as bytes (the tar of `cp CONTAINER:PATH -`); text goes to
    /// <paramref name="stdout"/>.</param>
    /// <param name="terminal">The terminal dashctl runs on (exec -t), or none.</param>
    public static async Task<int> RunAsync(string[] args, Stream stdin, Stream binaryStdout, TextWriter stdout, TextWriter stderr,
        Func<string, string?> environment, CancellationToken cancellationToken, Terminal.ITerminal? terminal = null)
    {
        var context = new CliContext(stdout, stderr, environment) { Input = stdin, BinaryOut = binaryStdout, Terminal = terminal };
        var root = BuildRoot(context);
        var parse = root.Parse(RunArgs.SeparateContainerCommand(args));
        var config = new InvocationConfiguration { Output = stdout, Error = stderr };
        return await parse.InvokeAsync(config, cancellationToken);
    }

    public static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand("dashctl: the command-line client of the Dashboard container engine");
        // docker run uses -h for --hostname, so help answers only to --help and -?.
        foreach (var help in root.Options.OfType<System.CommandLine.Help.HelpOption>()) help.Aliases.Remove("-h");
        root.Options.Add(context.HostOption);
        foreach (var command in RunCommands.Create(context)) root.Subcommands.Add(command);
        foreach (var command in ListCommands.Create(context)) root.Subcommands.Add(command);
        foreach (var command in InspectLogsCommands.Create(context)) root.Subcommands.Add(command);
        foreach (var command in LifecycleCommands.Create(context)) root.Subcommands.Add(command);
        foreach (var command in ImageCommands.Create(context)) root.Subcommands.Add(command);
        root.Subcommands.Add(VolumeCommands.Create(context));
        foreach (var command in StatsCommands.Create(context)) root.Subcommands.Add(command);
        foreach (var command in AccessCommands.Create(context)) root.Subcommands.Add(command);
        foreach (var command in NamespaceCommands.Create(context)) root.Subcommands.Add(command);
        root.Subcommands.Add(NetworkCommands.Create(context));
        root.Subcommands.Add(CopyCommand.Create(context));
        root.Subcommands.Add(ExecCommand.Create(context));
        return root;
    }
}
