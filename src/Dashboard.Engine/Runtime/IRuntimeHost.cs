using Dashboard.Engine.Cgroups;

namespace Dashboard.Engine.Runtime;

/// <summary>The host facts <see cref="RuntimeLocator"/> probes; a seam so the decision logic is unit-tested.</summary>
public interface IRuntimeHost
{
    /// <summary>The first executable called <paramref name="name"/> on PATH, or null.</summary>
    string? FindOnPath(string name);

    bool IsExecutable(string path);

    /// <summary>Runs a binary (e.g. "--version"); throws when it cannot be started.</summary>
    Task<ProcessResult> RunAsync(string path, IReadOnlyList<string> arguments, CancellationToken cancellationToken);

    CgroupLayout DetectCgroupLayout();

    /// <summary>Contents of cgroup.controllers in the layout's cgroup2 hierarchy; null when there is none.</summary>
    string? ReadUnifiedControllers(CgroupLayout layout);
}

/// <summary>The real host.</summary>
public sealed class SystemRuntimeHost : IRuntimeHost
{
    public string? FindOnPath(string name)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
        foreach (var dir in path.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = System.IO.Path.Combine(dir, name);
            if (IsExecutable(candidate)) return candidate;
        }
        return null;
    }

    public bool IsExecutable(string path) =>
        File.Exists(path)
        && !OperatingSystem.IsWindows()
        && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    public Task<ProcessResult> RunAsync(string path, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        ProcessRunner.RunAsync(path, arguments, cancellationToken);

    public CgroupLayout DetectCgroupLayout() => CgroupLayout.Detect();

    public string? ReadUnifiedControllers(CgroupLayout layout) => layout.ReadUnifiedControllers();
}
