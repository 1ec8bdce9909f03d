using System.Diagnostics;

namespace Dashboard.Engine.Runtime;

/// <summary>What a finished child process produced.</summary>
public sealed record ProcessResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Succeeded => ExitCode == 0;
}

/// <summary>
/// Runs a short-lived helper binary (runc, crun, conmon --version) with an argument list (never a shell string),
/// capturing stdout and stderr. Cancellation kills the child by its pid and throws OperationCanceledException.
/// Children start in <c>workingDirectory</c>, "/" unless the caller names one, never in the daemon's own current
/// directory (under dotnet run that is the source tree, under systemd whatever the unit says).
/// </summary>
public static class ProcessRunner
{
    /// <summary>Runs <paramref name="fileName"/> to completion. Throws <see cref="System.ComponentModel.Win32Exception"/>
    /// when the binary cannot be started at all.</summary>
    public static async Task<ProcessResult> RunAsync(
        string fileName, IReadOnlyList<string> arguments, CancellationToken cancellationToken, string? standardInput = null,
        string workingDirectory = "/", IReadOnlyDictionary<string, string>? environment = null)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = standardInput is not null,
            UseShellExecute = false,
        };
        foreach (var argument in arguments) startInfo.ArgumentList.Add(argument);
        if (environment is not null) foreach (var (key, value) in environment) startInfo.Environment[key] = value;

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        if (standardInput is not null)
        {
            await process.StandardInput.WriteAsync(standardInput).ConfigureAwait(false);
            process.StandardInput.Close();
        }
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Only this child (by pid), never its process tree: runc's children are the container's processes.
            try { process.Kill(entireProcessTree: false); } catch (InvalidOperationException) { }
            throw;
        }
        return new ProcessResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }
}
