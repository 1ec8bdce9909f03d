using Dashboard.Engine.Cgroups;

namespace Dashboard.Engine.Tests.Stats;

/// <summary>
/// A private copy of the committed stats fixtures (Fixtures/stats: cgroup v1, v2 and a /proc), so tests can rewrite
/// counters in place between samples, the way the kernel does. Deleted on dispose.
/// </summary>
internal sealed class StatsFixture : IDisposable
{
    public const string Id = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    public const string UnlimitedId = "fedcba9876543210fedcba9876543210fedcba9876543210fedcba9876543210";
    public const int Pid = 4242;

    public StatsFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "dashboard-stats-tests-" + Guid.NewGuid().ToString("N"));
        Copy(Path.Combine(AppContext.BaseDirectory, "Fixtures", "stats"), Root);
    }

    public string Root { get; }
    public string ProcRoot => Path.Combine(Root, "proc");
    public CgroupLayout V1 => CgroupLayout.FromDirectory(Path.Combine(Root, "v1"));
    public CgroupLayout V2 => CgroupLayout.FromDirectory(Path.Combine(Root, "v2"));

    public ContainerCgroup Cgroup(CgroupLayout layout, string id = Id) => new(layout, "/dashboard/" + id, "dashboard");

    /// <summary>Rewrites a fixture file in place (same inode), as the kernel's counters change under an open handle.</summary>
    public void Write(string relativePath, string content)
    {
        using var stream = new FileStream(Path.Combine(Root, relativePath), FileMode.Open, FileAccess.Write);
        stream.SetLength(0);
        using var writer = new StreamWriter(stream);
        writer.Write(content);
    }

    public void Delete(string relativePath) => File.Delete(Path.Combine(Root, relativePath));

    public void Dispose()
    {
        if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true);
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        foreach (var dir in Directory.GetDirectories(from)) Copy(dir, Path.Combine(to, Path.GetFileName(dir)));
    }
}

/// <summary>A clock tests move by hand.</summary>
internal sealed class ManualTime(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;

    public void Advance(TimeSpan by) => Now += by;
}
