using System.CommandLine;
using Dashboard.Cli.Client;
using Dashboard.Contracts.Problems;

namespace Dashboard.Cli.Commands;

/// <summary>What every command needs: the output writers, the environment and the daemon address, plus the one
/// error policy (problem text to stderr, exit 1, or 125 for run/create as docker does).</summary>
public sealed class CliContext(TextWriter stdout, TextWriter stderr, Func<string, string?> environment)
{
    public TextWriter Out { get; } = stdout;
    public TextWriter Err { get; } = stderr;
    public Func<string, string?> Environment { get; } = environment;

    /// <summary>What `run -i` sends to the container's stdin (the console's stdin for the real dashctl).</summary>
    public Stream Input { get; init; } = Stream.Null;

    /// <summary>The terminal dashctl runs on (exec -t: its size, raw mode, resizes); none when run in process.</summary>
    public Terminal.ITerminal? Terminal { get; init; }

    /// <summary>Standard output as bytes, for what is not text (`cp CONTAINER:PATH -` writes a tar there).</summary>
    public Stream BinaryOut { get; init; } = Stream.Null;

    /// <summary>Where appsettings.json is looked for; beside the dashctl binary unless a test says otherwise.</summary>
    public string ConfigDirectory { get; init; } = AppContext.BaseDirectory;

    public Option<string?> HostOption { get; } = new("--host", "-H")
    {
        Description = $"Daemon socket to connect to (unix:///path or tcp://host:port); default ${DaemonAddress.EnvironmentVariable} or unix://{DaemonAddress.DefaultSocket}",
        Recursive = true,
    };

    /// <summary>Runs a command body against a client, turning every expected failure into text and an exit code.</summary>
    public async Task<int> ExecuteAsync(ParseResult parse, int failureExitCode, Func<DashboardClient, Task<int>> body)
    {
        DaemonAddress address;
        try
        {
            address = DaemonAddress.Resolve(parse.GetValue(HostOption), Environment,
                ConfiguredSocket.Read(Environment, ConfigDirectory));
        }
        catch (FormatException ex)
        {
            Err.WriteLine($"Error: {ex.Message}");
            return failureExitCode;
        }
        using var client = new DashboardClient(address);
        try
        {
            return await body(client);
        }
        catch (OperationCanceledException)
        {
            return 130; // interrupted (Ctrl+C), as a shell reports SIGINT
        }
        catch (Exception ex) when (Report(ex))
        {
            return failureExitCode;
        }
    }

    /// <summary>Prints an expected failure; false for a bug, which then propagates.</summary>
    public bool Report(Exception ex)
    {
        switch (ex)
        {
            case ApiException api:
                WriteProblem(api.Problem);
                return true;
            case DaemonUnavailableException or CliException:
                Err.WriteLine(ex.Message);
                return true;
            case IOException or UnauthorizedAccessException:
                Err.WriteLine($"Error: {ex.Message}");
                return true;
            default:
                return false;
        }
    }

    public void WriteProblem(ProblemDto problem)
    {
        if (problem.Errors is { Count: > 0 } errors)
        {
            Err.WriteLine($"Error response from daemon: {problem.Title ?? "invalid request"}");
            foreach (var (field, messages) in errors)
                foreach (var message in messages)
                    Err.WriteLine($"  {field}: {message}");
            return;
        }
        Err.WriteLine($"Error response from daemon: {problem.Detail ?? problem.Title}");
    }
}

/// <summary>A usage mistake found by dashctl itself (for example an unreadable file); printed as is.</summary>
public sealed class CliException(string message) : Exception(message);
