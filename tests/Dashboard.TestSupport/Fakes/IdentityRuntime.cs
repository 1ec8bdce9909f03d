using Dashboard.Engine.Runtime;

namespace Dashboard.TestSupport.Fakes;

/// <summary>A runtime that only says who it is (/version, /info and the Host page report it); it runs nothing.</summary>
public sealed class IdentityRuntime(string name = "runc", string version = "1.1.5-fake", string conmonVersion = "2.1.6-fake") : IContainerRuntime
{
    public string Name => name;
    public string Path => (name == "runc" ? "/usr/sbin/" : "/usr/bin/") + name;
    public string Version => version;
    public string ConmonPath => "/usr/bin/conmon";
    public string ConmonVersion => conmonVersion;

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
