using System.Diagnostics;

namespace Dashboard.Web.Tests.Daemon;

/// <summary>
/// A size-limited tmpfs that a test mounts for itself, fills to the last byte on cue, frees again, and unmounts on
/// dispose (lazily, after the daemon on it has been disposed). Needs root.
/// </summary>
internal sealed class SmallDisk : IDisposable
{
    private readonly List<string> _fillers = [];

    private SmallDisk(string path) => Path = path;

    /// <summary>The mount point.</summary>
    public string Path { get; }

    public static SmallDisk Mount(int megabytes)
    {
        var path = Directory.CreateTempSubdirectory("dash-disk-").FullName;
        Run("mount", "-t", "tmpfs", "-o", $"size={megabytes}m,mode=0755", "dash-test-disk", path);
        return new SmallDisk(path);
    }

    /// <summary>Writes filler files until the file system refuses even one more byte.</summary>
    public void Fill()
    {
        var buffer = new byte[1 << 20];
        foreach (var size in new[] { 1 << 20, 4096, 1 })
        {
            while (true)
            {
                var file = System.IO.Path.Combine(Path, $"filler-{_fillers.Count}");
                _fillers.Add(file);
                try
                {
                    using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.None);
                    while (true) { stream.Write(buffer, 0, size); stream.Flush(); }
                }
                catch (IOException)
                {
                    break; // full at this granularity: go on with smaller writes
                }
            }
        }
    }

    public void Free()
    {
        foreach (var file in _fillers) File.Delete(file);
        _fillers.Clear();
    }

    public long AvailableBytes => new DriveInfo(Path).AvailableFreeSpace;

    public void Dispose()
    {
        Run("umount", "-l", Path);
        try { Directory.Delete(Path); } catch (IOException) { }
    }

    private static void Run(string tool, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(tool, arguments) { RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)}: {error}");
    }
}
