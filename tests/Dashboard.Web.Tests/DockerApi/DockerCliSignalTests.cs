using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Dashboard.Web.Tests.DockerApi;

/// <summary>docker run's sig-proxy: a SIGTERM to the attached CLI becomes POST /kill?signal=TERM.</summary>
public sealed partial class DockerCliSignalTests : IAsyncLifetime
{
    private readonly DockerApiServer _server = new();

    public Task InitializeAsync() => _server.InitializeAsync();

    public Task DisposeAsync() => _server.DisposeAsync();

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);

    [DockerCliFact]
    public async Task Sigterm_to_an_attached_run_is_forwarded_to_the_container()
    {
        using var docker = new DockerCli(_server.DockerHost);
        var info = new ProcessStartInfo(DockerCli.BinaryPath!)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false,
        };
        foreach (var a in new[] { "run", "--name", "sig", "busybox", "sleep", "1000" }) info.ArgumentList.Add(a);
        info.Environment["DOCKER_HOST"] = _server.DockerHost;
        info.Environment["DOCKER_CONFIG"] = docker.ConfigDirectory;
        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while (!_server.Engine.List().Any(c => c.Name == "sig" && c.State.Status == Dashboard.Engine.Containers.ContainerStatus.Running))
            {
                Assert.True(DateTime.UtcNow < deadline, "the container never started");
                await Task.Delay(50);
            }
            Assert.Equal(0, Kill(process.Id, 15));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await process.WaitForExitAsync(timeout.Token);
            Assert.Equal(143, process.ExitCode);
            Assert.Equal(143, _server.Engine.Get("sig").State.ExitCode);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }
}
