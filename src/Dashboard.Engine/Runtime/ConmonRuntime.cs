using System.Globalization;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Spec;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Runtime;

/// <summary>
/// <see cref="IContainerRuntime"/> over conmon and runc/crun. Every runtime call passes --root=RunRoot/runtime.
/// Containers are owned by their conmon, which runs in its own session detached from the daemon, so the daemon can
/// stop or crash without taking containers with it. Stateless apart from the files under RunRoot; thread-safe.
/// </summary>
public sealed class ConmonRuntime : IContainerRuntime
{
    /// <summary>How long conmon may take to report the pid of a created container before it is killed.</summary>
    public static readonly TimeSpan CreateTimeout = TimeSpan.FromSeconds(60);

    private readonly RuntimeSelection _selection;
    private readonly ILogger<ConmonRuntime> _logger;

    public ConmonRuntime(EngineOptions options, RuntimeSelection selection, ILogger<ConmonRuntime> logger)
    {
        _selection = selection;
        _logger = logger;
        Paths = new RuntimePaths(options.RunRoot);
        Paths.EnsureCreated();
    }

    public RuntimePaths Paths { get; }
    public string Name => _selection.Name;
    public string Path => _selection.Path;
    public string Version => _selection.Version;
    public string ConmonPath => _selection.ConmonPath;
    public string ConmonVersion => _selection.ConmonVersion;

    public Task<RuntimeCreateResult> CreateAsync(RuntimeCreateRequest request, CancellationToken cancellationToken) =>
        new ConmonCreate(this, request, _logger).RunAsync(cancellationToken);

    /// <summary>An attached exec without a terminal runs as the daemon's own <c>runc exec</c> (<see cref="DirectExec"/>):
    /// it needs none of what conmon is for, and conmon's start and handshake were most of its time. Detached execs,
    /// which must outlive the daemon, and terminals go through conmon (<see cref="ConmonExec"/>).</summary>
    public Task<RuntimeExecProcess> ExecAsync(RuntimeExecRequest request, CancellationToken cancellationToken) =>
        request is { Attach: true, Terminal: false }
            ? new DirectExec(this, request, _logger).RunAsync(cancellationToken)
            : new ConmonExec(this, request, _logger).RunAsync(cancellationToken);

    public Task StartAsync(string id, CancellationToken cancellationToken) =>
        RunCheckedAsync(["start", id], cancellationToken);

    public Task KillAsync(string id, int signal, bool all, CancellationToken cancellationToken) =>
        RunCheckedAsync(all
            ? ["kill", "--all", id, signal.ToString(CultureInfo.InvariantCulture)]
            : ["kill", id, signal.ToString(CultureInfo.InvariantCulture)], cancellationToken);

    public async Task DeleteAsync(string id, bool force, CancellationToken cancellationToken)
    {
        var result = await RunAsync(force ? ["delete", "--force", id] : ["delete", id], cancellationToken).ConfigureAwait(false);
        if (result.Succeeded || RuntimeStateParser.IsNotFound(result.Stderr)) return;
        throw Error("delete", result);
    }

    public Task PauseAsync(string id, CancellationToken cancellationToken) => RunCheckedAsync(["pause", id], cancellationToken);

    public Task ResumeAsync(string id, CancellationToken cancellationToken) => RunCheckedAsync(["resume", id], cancellationToken);

    public Task UpdateAsync(string id, ResourceLimits limits, CancellationToken cancellationToken)
    {
        var flags = RuntimeUpdateArguments.Build(limits);
        return flags.Count == 0 ? Task.CompletedTask : RunCheckedAsync(["update", .. flags, id], cancellationToken);
    }

    public async Task<RuntimeState?> StateAsync(string id, CancellationToken cancellationToken)
    {
        var result = await RunAsync(["state", id], cancellationToken).ConfigureAwait(false);
        if (result.Succeeded) return RuntimeStateParser.Parse(result.Stdout);
        if (RuntimeStateParser.IsNotFound(result.Stderr)) return null;
        throw Error("state", result);
    }

    public string ExitFilePath(string id) => Paths.ExitFile(id);

    public int? ReadExitCode(string id) => ExitFileParser.TryRead(Paths.ExitFile(id));

    public void CleanupFiles(string id)
    {
        foreach (var file in new[] { Paths.ExitFile(id), Paths.ConmonPidFile(id), Paths.ContainerPidFile(id) })
            File.Delete(file);
        // conmon's working directory, with the "oom" file it writes there on an OOM kill.
        if (Directory.Exists(Paths.ConmonWorkDir(id))) Directory.Delete(Paths.ConmonWorkDir(id), recursive: true);
        // conmon makes SocketDir/ID a symlink to the bundle: unlink it, never follow it.
        var link = new FileInfo(Paths.SocketLink(id));
        if (link.LinkTarget is not null || link.Exists) link.Delete();
        else if (Directory.Exists(link.FullName)) Directory.Delete(link.FullName, recursive: true);
    }

    /// <summary>The pid conmon wrote in RunRoot/conmon/ID.pid, or null.</summary>
    public int? ReadConmonPid(string id) => ReadPidFile(Paths.ConmonPidFile(id));

    internal static int? ReadPidFile(string path)
    {
        try
        {
            return int.TryParse(File.ReadAllText(path).Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0
                ? pid
                : null;
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
    }

    internal Task<ProcessResult> RunAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(_selection.Path, ["--root", Paths.RuntimeRoot, .. arguments], cancellationToken,
            workingDirectory: Paths.RunRoot);

    private async Task RunCheckedAsync(IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var result = await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded) throw Error(arguments[0], result);
    }

    private OciRuntimeException Error(string verb, ProcessResult result) =>
        new($"{Name} {verb}", result.ExitCode, ConmonSyncMessage.CleanRuntimeError(result.Stderr));
}
