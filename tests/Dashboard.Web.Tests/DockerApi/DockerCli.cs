using System.Diagnostics;

namespace Dashboard.Web.Tests.DockerApi;

public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
{
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Stdout}\n--- stderr\n{Stderr}";
}

/// <summary>Runs the real docker CLI against a test server, with a timeout so a hang fails instead of blocking CI.</summary>
public sealed class DockerCli(string dockerHost) : IDisposable
{
    private readonly string _config = Directory.CreateTempSubdirectory("dash-docker-config-").FullName;

    public static string? BinaryPath { get; } = FindOnPath("docker");

    /// <summary>The private DOCKER_CONFIG directory of this runner.</summary>
    public string ConfigDirectory => _config;

    public async Task<CliResult> RunAsync(params string[] args) => await RunWithTimeoutAsync(TimeSpan.FromSeconds(30), args);

    public async Task<CliResult> RunWithTimeoutAsync(TimeSpan timeout, params string[] args)
    {
        var info = new ProcessStartInfo(BinaryPath ?? throw new InvalidOperationException("docker is not on PATH"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["DOCKER_HOST"] = dockerHost;
        // A private config dir: never read or write the user's contexts and credentials.
        info.Environment["DOCKER_CONFIG"] = _config;
        foreach (var v in new[] { "DOCKER_CONTEXT", "DOCKER_API_VERSION", "DOCKER_TLS_VERIFY", "DOCKER_CERT_PATH" })
            info.Environment.Remove(v);

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            await process.WaitForExitAsync();
            throw new TimeoutException($"docker {string.Join(' ', args)} did not finish within {timeout}:\n{await stdout}\n{await stderr}");
        }
        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    public void Dispose() => Directory.Delete(_config, recursive: true);

    private static string? FindOnPath(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate)) return candidate;
        }
        return null;
    }
}

/// <summary>A fact that needs the docker CLI: skipped when it is missing, except in CI (CI=true), where it runs and
/// fails loudly instead.</summary>
public sealed class DockerCliFactAttribute : FactAttribute
{
    public DockerCliFactAttribute()
    {
        if (DockerCli.BinaryPath is null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "the docker CLI is not on PATH (set CI=true to make this a failure)";
    }
}

/// <summary>A theory that needs the docker CLI; see <see cref="DockerCliFactAttribute"/>.</summary>
public sealed class DockerCliTheoryAttribute : TheoryAttribute
{
    public DockerCliTheoryAttribute()
    {
        if (DockerCli.BinaryPath is null && Environment.GetEnvironmentVariable("CI") != "true")
            Skip = "the docker CLI is not on PATH (set CI=true to make this a failure)";
    }
}
