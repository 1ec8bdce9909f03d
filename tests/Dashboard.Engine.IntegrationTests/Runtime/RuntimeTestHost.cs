using Dashboard.Engine.Cgroups;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Runtime;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Engine.IntegrationTests.Runtime;

/// <summary>
/// A ConmonRuntime rooted in a temp dir, plus cleanup of everything a test makes: runtime state, conmon processes
/// (by pid, only if they are conmon), the cgroups under /dashboard-test, and the temp dir.
/// </summary>
public sealed class RuntimeTestHost : IAsyncDisposable
{
    private readonly List<string> _ids = [];

    private RuntimeTestHost(string root, ConmonRuntime runtime, CgroupLayout layout)
    {
        Root = root;
        Runtime = runtime;
        Layout = layout;
    }

    public string Root { get; }
    public ConmonRuntime Runtime { get; }
    public CgroupLayout Layout { get; }

    public static async Task<RuntimeTestHost> CreateAsync()
    {
        RuntimePrerequisites.Require();
        var root = Path.Combine(Path.GetTempPath(), "dashboard-rt-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(root);
        var options = new EngineOptions { RunRoot = Path.Combine(root, "run"), Runtime = "runc" };
        var selection = await new RuntimeLocator(new SystemRuntimeHost()).LocateAsync(options, CancellationToken.None);
        var runtime = new ConmonRuntime(options, selection, NullLogger<ConmonRuntime>.Instance);
        return new RuntimeTestHost(root, runtime, selection.Cgroups);
    }

    public static string NewId() => Guid.NewGuid().ToString("N") + Guid.NewGuid().ToString("N");

    /// <summary>A bundle for a new container id, registered for cleanup.</summary>
    public TestBundle Bundle(IReadOnlyList<string> args, long? memoryLimitBytes = null)
    {
        var id = NewId();
        _ids.Add(id);
        return new TestBundle(Path.Combine(Root, "bundles", id), id, args, memoryLimitBytes);
    }

    public string LogPath(string id) => Path.Combine(Root, "logs", id + ".log");

    public ContainerCgroup Cgroup(TestBundle bundle) => new(Layout, bundle.CgroupsPath, TestBundle.CgroupParent);

    public async ValueTask DisposeAsync()
    {
        foreach (var id in _ids)
        {
            var conmonPid = Runtime.ReadConmonPid(id);
            try { await Runtime.DeleteAsync(id, force: true, CancellationToken.None); }
            catch (Exception) { /* best effort; the cgroup removal below reports leftovers */ }
            if (conmonPid is { } pid && IsConmon(pid))
            {
                // conmon exits by itself once the container is gone; give it a moment, then make sure.
                for (var i = 0; i < 50 && IsConmon(pid); i++) await Task.Delay(20);
                if (IsConmon(pid)) System.Diagnostics.Process.GetProcessById(pid).Kill();
            }
            new ContainerCgroup(Layout, $"/{TestBundle.CgroupParent}/{id}", TestBundle.CgroupParent).Remove();
        }
        // The shared parent goes only when empty (rmdir fails otherwise, which is what we want).
        var mounts = Layout.Controllers.Values.Append(Layout.UnifiedPath).OfType<string>().Distinct();
        foreach (var mount in mounts)
        {
            var parent = Path.Combine(mount, TestBundle.CgroupParent);
            try { if (Directory.Exists(parent)) Directory.Delete(parent, recursive: false); }
            catch (IOException) { }
        }
        try { Directory.Delete(Root, recursive: true); }
        catch (IOException) { }
    }

    public static bool IsConmon(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/comm").Trim() == "conmon"; }
        catch (IOException) { return false; }
    }

    /// <summary>Field 4 (ppid) and 6 (session) of /proc/PID/stat.</summary>
    public static (int ParentPid, int SessionId) ParentAndSession(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (int.Parse(fields[1]), int.Parse(fields[3]));
    }
}
