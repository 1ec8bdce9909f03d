using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Engine.Runtime;

/// <summary>
/// Chooses the OCI runtime (Engine:Runtime: "runc", "crun", an absolute path, or empty for the first of crun, runc
/// that works here) and conmon (Engine:Conmon, PATH, then podman's libexec locations). A candidate "works" when it
/// starts, prints its version banner, and is not known to refuse this host's cgroup layout (see
/// <see cref="CrunCompatibility"/>). Run once at start; throws <see cref="RuntimeUnavailableException"/>.
/// </summary>
public sealed class RuntimeLocator(IRuntimeHost host, ILogger<RuntimeLocator>? logger = null)
{
    /// <summary>
    /// Tried in this order when Engine:Runtime is empty: crun where it works (it starts containers faster), else runc.
    /// On this project's hybrid hosts crun is rejected with its reason in <see cref="RuntimeSelection.Rejected"/>.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultCandidates = ["crun", "runc"];

    public static readonly IReadOnlyList<string> ConmonLocations =
        ["/usr/bin/conmon", "/usr/libexec/podman/conmon", "/usr/local/libexec/podman/conmon", "/usr/lib/podman/conmon"];

    private readonly ILogger _logger = logger ?? NullLogger<RuntimeLocator>.Instance;

    public async Task<RuntimeSelection> LocateAsync(EngineOptions options, CancellationToken cancellationToken)
    {
        var layout = host.DetectCgroupLayout();
        var unifiedControllers = host.ReadUnifiedControllers(layout);
        var (conmonPath, conmonVersion) = await LocateConmonAsync(options.Conmon, cancellationToken).ConfigureAwait(false);

        var configured = options.Runtime?.Trim();
        var explicitChoice = !string.IsNullOrEmpty(configured);
        var candidates = explicitChoice ? [configured!] : DefaultCandidates;
        var rejected = new List<string>();
        foreach (var candidate in candidates)
        {
            var probe = await ProbeAsync(candidate, layout, unifiedControllers, cancellationToken).ConfigureAwait(false);
            if (probe.Failure is null)
            {
                foreach (var reason in rejected) _logger.LogInformation("OCI runtime not chosen: {Reason}", reason);
                _logger.LogInformation("Using OCI runtime {Name} {Version} at {Path}, conmon {ConmonVersion} at {ConmonPath}, cgroups {Mode}",
                    probe.Name, probe.Version, probe.Path, conmonVersion, conmonPath, layout.Mode);
                return new RuntimeSelection(probe.Name, probe.Path!, probe.Version!, conmonPath, conmonVersion, layout, rejected);
            }
            rejected.Add(probe.Failure);
        }

        if (explicitChoice)
            throw new RuntimeUnavailableException(rejected[0]);
        throw new RuntimeUnavailableException(
            "No usable OCI runtime: " + string.Join("; ", rejected) + ". Install runc (apt-get install runc) or set Engine:Runtime to its path.");
    }

    private sealed record Probe(string Name, string? Path, string? Version, string? Failure);

    private async Task<Probe> ProbeAsync(string candidate, CgroupLayout layout, string? unifiedControllers, CancellationToken cancellationToken)
    {
        var isPath = candidate.Contains('/');
        var name = System.IO.Path.GetFileName(candidate);
        var path = isPath ? (host.IsExecutable(candidate) ? candidate : null) : host.FindOnPath(candidate);
        if (path is null)
        {
            var where = isPath ? $"{candidate} does not exist or is not executable" : $"{candidate} is not on PATH";
            return new Probe(name, null, null, $"{name}: {where}");
        }

        var version = await ReadVersionAsync(path, cancellationToken).ConfigureAwait(false);
        if (version.Error is not null) return new Probe(name, path, null, $"{name} ({path}): {version.Error}");
        name = version.Program ?? name;

        var incompatibility = name == "crun" ? CrunCompatibility.Check(layout, unifiedControllers) : null;
        if (incompatibility is not null)
        {
            return new Probe(name, path, version.Version,
                $"crun {version.Version} cannot run containers on this host's cgroup {Describe(layout.Mode)} layout ({incompatibility}); set Engine:Runtime=runc");
        }
        return new Probe(name, path, version.Version, null);
    }

    private async Task<(string Path, string Version)> LocateConmonAsync(string? configured, CancellationToken cancellationToken)
    {
        string? path;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            path = configured.Trim();
            if (!host.IsExecutable(path))
                throw new RuntimeUnavailableException($"Engine:Conmon is set to {path}, which does not exist or is not executable.");
        }
        else
        {
            path = host.FindOnPath("conmon") ?? ConmonLocations.FirstOrDefault(host.IsExecutable);
            if (path is null)
            {
                throw new RuntimeUnavailableException(
                    "conmon not found on PATH or in " + string.Join(", ", ConmonLocations) + ". Install it (apt-get install conmon) or set Engine:Conmon.");
            }
        }
        var version = await ReadVersionAsync(path, cancellationToken).ConfigureAwait(false);
        if (version.Error is not null) throw new RuntimeUnavailableException($"conmon ({path}): {version.Error}");
        return (path, version.Version!);
    }

    private async Task<(string? Program, string? Version, string? Error)> ReadVersionAsync(string path, CancellationToken cancellationToken)
    {
        ProcessResult result;
        try
        {
            result = await host.RunAsync(path, ["--version"], cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return (null, null, $"cannot be started: {e.Message}");
        }
        if (!result.Succeeded)
            return (null, null, $"\"--version\" exited with {result.ExitCode}: {result.Stderr.Trim()}");
        var program = System.IO.Path.GetFileName(path);
        foreach (var known in new[] { "runc", "crun", "conmon", program })
        {
            var version = RuntimeVersionParser.Parse(known, result.Stdout);
            if (version is not null) return (known, version, null);
        }
        return (null, null, $"unexpected \"--version\" output: {result.Stdout.Split('\n')[0].Trim()}");
    }

    private static string Describe(CgroupMode mode) => mode switch
    {
        CgroupMode.Hybrid => "v1 hybrid",
        CgroupMode.V1 => "v1",
        _ => "v2",
    };
}
