namespace Dashboard.Benchmarks;

/// <summary>Removes the benchmark's own cgroup parent from every hierarchy, children first. rmdir only succeeds on
/// empty cgroups, so nothing that still has processes is touched.</summary>
public static class CgroupCleanup
{
    private const string Root = "/sys/fs/cgroup";

    public static void RemoveParent(string parent)
    {
        if (!Directory.Exists(Root)) return;
        var hierarchies = new List<string> { Root };
        hierarchies.AddRange(Directory.GetDirectories(Root));
        foreach (var hierarchy in hierarchies)
        {
            var dir = Path.Combine(hierarchy, parent);
            if (Directory.Exists(dir)) RemoveTree(dir);
        }
    }

    private static void RemoveTree(string dir)
    {
        try
        {
            foreach (var child in Directory.GetDirectories(dir)) RemoveTree(child);
            Directory.Delete(dir);   // cgroupfs: rmdir of a dir that holds only control files
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"cleanup: cgroup {dir} left: {ex.Message}");
        }
    }
}
