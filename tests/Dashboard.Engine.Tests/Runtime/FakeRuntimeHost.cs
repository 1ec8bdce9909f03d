using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Runtime;

namespace Dashboard.Engine.Tests.Runtime;

/// <summary>A scripted host: which binaries exist, what "--version" prints, and the cgroup layout.</summary>
internal sealed class FakeRuntimeHost : IRuntimeHost
{
    public Dictionary<string, string> OnPath { get; } = new();
    public Dictionary<string, ProcessResult> Binaries { get; } = new();
    public CgroupLayout Layout { get; set; } = Hybrid;
    public string? UnifiedControllers { get; set; } = "hugetlb\n";
    public List<string> Ran { get; } = [];

    public static readonly CgroupLayout Hybrid = new(CgroupMode.Hybrid, "/sys/fs/cgroup",
        new Dictionary<string, string> { ["memory"] = "/sys/fs/cgroup/memory" }, "/sys/fs/cgroup/unified");

    public static readonly CgroupLayout V2 = new(CgroupMode.V2, "/sys/fs/cgroup", new Dictionary<string, string>(), "/sys/fs/cgroup");

    public static FakeRuntimeHost ThisMachine()
    {
        var host = new FakeRuntimeHost();
        host.Install("runc", "/usr/sbin/runc", "runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\ngo: go1.19.8\n");
        host.Install("crun", "/usr/bin/crun", "crun version 1.8.1\ncommit: f8a096be060b22ccd3d5f3ebe44108517fbf6c30\nrundir: /run/crun\n");
        host.Install("conmon", "/usr/bin/conmon", "conmon version 2.1.6\ncommit: unknown\n");
        return host;
    }

    public void Install(string name, string path, string versionOutput, bool onPath = true)
    {
        if (onPath) OnPath[name] = path;
        Binaries[path] = new ProcessResult(0, versionOutput, "");
    }

    public string? FindOnPath(string name) => OnPath.GetValueOrDefault(name);

    public bool IsExecutable(string path) => Binaries.ContainsKey(path);

    public Task<ProcessResult> RunAsync(string path, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        Ran.Add(path + " " + string.Join(' ', arguments));
        return Binaries.TryGetValue(path, out var result)
            ? Task.FromResult(result)
            : throw new System.ComponentModel.Win32Exception(2, "No such file or directory");
    }

    public CgroupLayout DetectCgroupLayout() => Layout;

    public string? ReadUnifiedControllers(CgroupLayout layout) => layout.UnifiedPath is null ? null : UnifiedControllers;
}
