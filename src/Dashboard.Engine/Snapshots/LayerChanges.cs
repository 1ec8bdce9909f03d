using System.IO.Enumeration;
using Dashboard.Engine.Interop;

namespace Dashboard.Engine.Snapshots;

/// <summary>docker diff's kinds, with Docker's numbers.</summary>
public enum FileChangeKind { Modified = 0, Added = 1, Deleted = 2 }

public sealed record FileChange(string Path, FileChangeKind Kind);

/// <summary>
/// What a container changed, read from its overlay upper dir as moby's overlay driver reads it: a whiteout (a 0:0
/// character device) is a deletion, a path that also exists in a lower layer is a modification (a directory too: a
/// change under it changes it), anything else is an addition. The files the engine itself puts in the writable layer
/// as mount points (/etc/hosts, /etc/hostname, /etc/resolv.conf: Docker keeps them in its init layer) are not the
/// container's changes, nor is a directory that only holds them. Symlinks are never followed.
/// </summary>
public static class LayerChanges
{
    /// <summary>The mount points a start creates in the writable layer (moby's init layer has these).</summary>
    public static readonly IReadOnlySet<string> EngineMountPoints = new HashSet<string>(StringComparer.Ordinal)
    {
        "/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/.dockerenv", "/etc/mtab", "/dev/console",
    };

    /// <param name="lowerDirsBottomFirst">The image's layer directories, as the overlay's lowerdir lists them.</param>
    public static IReadOnlyList<FileChange> Read(string upperDir, IReadOnlyList<string> lowerDirsBottomFirst)
    {
        if (!Directory.Exists(upperDir)) return [];
        var entries = new List<(string Path, LibC.FileStatus Stat)>();
        var walk = new FileSystemEnumerable<string>(upperDir, (ref FileSystemEntry e) => e.ToFullPath(),
            new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
        {
            ShouldRecursePredicate = (ref FileSystemEntry e) => (e.Attributes & FileAttributes.ReparsePoint) == 0,
        };
        try
        {
            foreach (var full in walk)
                if (LibC.Stat(full, noFollow: true, out _) is { } stat)
                    entries.Add(("/" + Path.GetRelativePath(upperDir, full), stat));
        }
        catch (DirectoryNotFoundException)
        {
            return []; // removed during the walk
        }

        var lowersTopFirst = lowerDirsBottomFirst.Reverse().ToList();
        var counted = entries.Where(e => !EngineMountPoints.Contains(e.Path)).ToList();
        var holdingChanges = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (path, _) in counted)
            for (var slash = path.LastIndexOf('/'); slash > 0; slash = path.LastIndexOf('/', slash - 1))
                if (!holdingChanges.Add(path[..slash])) break;
        var changes = new List<FileChange>();
        foreach (var (path, stat) in counted)
        {
            if (IsWhiteout(stat)) { changes.Add(new FileChange(path, FileChangeKind.Deleted)); continue; }
            var lower = LowerStat(lowersTopFirst, path);
            if (lower is null) { changes.Add(new FileChange(path, FileChangeKind.Added)); continue; }
            if (stat.Type == LibC.S_IFDIR && lower.Value.Type == LibC.S_IFDIR && SameMetadata(stat, lower.Value)
                && !holdingChanges.Contains(path))
                continue; // copied up only for the engine's mount points
            changes.Add(new FileChange(path, FileChangeKind.Modified));
        }
        return changes.OrderBy(c => c.Path, StringComparer.Ordinal).ToList();
    }

    private static bool IsWhiteout(LibC.FileStatus stat) =>
        (stat.Mode & LibC.S_IFMT) == LibC.S_IFCHR && stat.RdevMajor == 0 && stat.RdevMinor == 0;

    private static bool SameMetadata(LibC.FileStatus a, LibC.FileStatus b) =>
        a.Permissions == b.Permissions && a.Uid == b.Uid && a.Gid == b.Gid;

    /// <summary>The path in the topmost layer that has it; a whiteout there hides it from the layers below.</summary>
    private static LibC.FileStatus? LowerStat(IReadOnlyList<string> lowersTopFirst, string path)
    {
        foreach (var lower in lowersTopFirst)
        {
            if (LibC.Stat(lower + path, noFollow: true, out _) is not { } stat) continue;
            return IsWhiteout(stat) ? null : stat;
        }
        return null;
    }
}
