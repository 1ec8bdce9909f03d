using Dashboard.Engine.Runtime;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>Only the identity of the runtime: /version and /info report it.</summary>
public sealed class FakeRuntime : IContainerRuntime
{
    public string Name => "runc";
    public string Path => "/usr/sbin/runc";
    public string Version => "1.1.5-fake";
    public string ConmonPath => "/usr/bin/conmon";
    public string ConmonVersion => "2.1.6-fake";

    public Task<RuntimeCreateResult> CreateAsync(RuntimeCreateRequest request, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task StartAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task KillAsync(string id, int signal, bool all, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task DeleteAsync(string id, bool force, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task PauseAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task ResumeAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<RuntimeState?> StateAsync(string id, CancellationToken cancellationToken) => throw new NotSupportedException();
    public string ExitFilePath(string id) => throw new NotSupportedException();
    public int? ReadExitCode(string id) => throw new NotSupportedException();
    public void CleanupFiles(string id) => throw new NotSupportedException();
}
