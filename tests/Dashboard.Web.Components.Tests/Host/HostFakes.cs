using Dashboard.Engine.Runtime;
using Dashboard.Web.Components.Host;

namespace Dashboard.Web.Components.Tests.Host;

/// <summary>A runtime that only answers who it is.</summary>
internal sealed class FakeRuntime(string name, string version) : IContainerRuntime
{
    public string Name => name;
    public string Path => "/usr/bin/" + name;
    public string Version => version;
    public string ConmonPath => "/usr/bin/conmon";
    public string ConmonVersion => "2.1.6";
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

internal sealed class FixedChangelog(string? text) : IRuncChangelogSource
{
    public string? Read(string runcPath) => text;
}
