namespace Dashboard.Benchmarks;

/// <summary>
/// The data root and run root the benchmark fills. Only directories that were missing or empty at start are
/// cleaned afterwards (their contents removed, the directory too when we made it), and never while something is
/// still mounted below them, so a wrong path cannot cost anyone data.
/// </summary>
public sealed class StateDirectories
{
    private readonly List<(string Path, bool Created)> _owned = [];

    public StateDirectories(params string[] paths)
    {
        foreach (var path in paths)
        {
            if (!Directory.Exists(path)) _owned.Add((path, true));
            else if (!Directory.EnumerateFileSystemEntries(path).Any()) _owned.Add((path, false));
            else Console.Error.WriteLine($"note: {path} is not empty; it will not be cleaned afterwards");
        }
    }

    public void Clean()
    {
        foreach (var (path, created) in _owned)
        {
            if (!Directory.Exists(path)) continue;
            var mounted = MountsBelow(path);
            if (mounted.Count > 0)
            {
                Console.Error.WriteLine($"cleanup: {path} kept, still mounted: {string.Join(", ", mounted)}");
                continue;
            }
            try
            {
                if (created) Directory.Delete(path, recursive: true);
                else
                {
                    foreach (var dir in Directory.GetDirectories(path)) Directory.Delete(dir, recursive: true);
                    foreach (var file in Directory.GetFiles(path)) File.Delete(file);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                Console.Error.WriteLine($"cleanup: {path}: {ex.Message}");
            }
        }
    }

    private static List<string> MountsBelow(string path)
    {
        var prefix = path.TrimEnd('/') + "/";
        return File.ReadLines("/proc/self/mounts")
            .Select(line => line.Split(' ')[1].Replace("\\040", " "))
            .Where(point => point.StartsWith(prefix, StringComparison.Ordinal) || point == path)
            .ToList();
    }
}
