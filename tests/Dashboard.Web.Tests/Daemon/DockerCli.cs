using System.Diagnostics;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>Runs the real docker CLI binary against a daemon, with a timeout so that a hang fails the test.</summary>
public static class DockerCli
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout: {Stdout}\nstderr: {Stderr}";
    }

    public static async Task<Result> RunAsync(string dockerHost, params string[] args) =>
        await RunWithStdinAsync(dockerHost, null, args);

    public static Task<Result> RunWithStdinAsync(string dockerHost, string? stdinFile, params string[] args) =>
        RunWithConfigAsync(dockerHost, null, stdinFile, args);

    /// <param name="dockerConfig">The CLI's config directory (where docker login keeps credentials); null for the
    /// shared one of the tests.</param>
    public static async Task<Result> RunWithConfigAsync(string dockerHost, string? dockerConfig, string? stdinFile, params string[] args)
    {
        var info = new ProcessStartInfo(DaemonPrerequisites.Find("docker")!, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = stdinFile is not null,
        };
        info.Environment["DOCKER_HOST"] = dockerHost;
        info.Environment["DOCKER_CONFIG"] = dockerConfig ?? Path.Combine(Path.GetTempPath(), "dash-docker-config");
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdinFile is not null)
        {
            await using (var file = File.OpenRead(stdinFile)) await file.CopyToAsync(process.StandardInput.BaseStream);
            process.StandardInput.Close();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"docker {string.Join(' ', args)} hung");
        }
        return new Result(process.ExitCode, await stdout, await stderr);
    }
}
