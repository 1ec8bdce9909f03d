using System.IO.Enumeration;

namespace Dashboard.Engine.Snapshots;

/// <summary>
/// The bytes of the files under a directory, counted as Docker counts a writable layer (SizeRw): each entry's own size
/// from lstat, symlinks as links (never followed, so a link in a container's layer to "/" does not walk the host),
/// directories as nothing, each hard-linked inode once. Files that vanish during the walk (a running container
/// deletes them) are skipped.
/// </summary>
public static class DirectorySize
{
    public static long Of(string directory)
    {
        if (!Directory.Exists(directory)) return 0;
        var seen = new HashSet<(ulong Device, ulong Inode)>();
        long total = 0;
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        var entries = new FileSystemEnumerable<string?>(directory,
            (ref FileSystemEntry entry) => entry.IsDirectory && !IsLink(ref entry) ? null : entry.ToFullPath(), options)
        {
            // .NET's recursion follows a symlink to a directory unless told not to (a test walks a link to "/").
            ShouldRecursePredicate = (ref FileSystemEntry entry) => !IsLink(ref entry),
        };
        try
        {
            foreach (var path in entries)
            {
                if (path is null || Interop.LibC.Stat(path, noFollow: true, out _) is not { } stat) continue;
                if (stat.Links > 1 && !seen.Add((stat.Device, stat.Inode))) continue;
                total += stat.Size;
            }
        }
        catch (DirectoryNotFoundException)
        {
            // The directory itself went away during the walk (its container was removed): nothing is left to count.
        }
        return total;
    }

    private static bool IsLink(ref FileSystemEntry entry) => (entry.Attributes & FileAttributes.ReparsePoint) != 0;
}
