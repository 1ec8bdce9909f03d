namespace Dashboard.Engine.Tests.Cgroups;

/// <summary>Paths of the committed cgroup fixtures (copied next to the test assembly).</summary>
internal static class CgroupFixtures
{
    public static string Dir => Path.Combine(AppContext.BaseDirectory, "Fixtures", "cgroup");
    public static string V1Root => Path.Combine(Dir, "v1");
    public static string V2Root => Path.Combine(Dir, "v2");
    public static string MountInfo(string name) => File.ReadAllText(Path.Combine(Dir, $"mountinfo-{name}.txt"));
}
