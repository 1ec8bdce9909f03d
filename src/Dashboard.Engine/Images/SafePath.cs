#pragma warning disable CA1416 // the engine runs on Linux only

namespace Dashboard.Engine.Images;

/// <summary>What is at a path, without following a symlink in its last component.</summary>
internal enum PathKind { None, Directory, Symlink, Other }

/// <summary>
/// Path resolution confined to a root directory, like a chroot: archive entry names are cleaned (absolute names
/// are relative to the root, ".." is refused), and symlinks met while walking parent directories are resolved
/// inside the root (an absolute target restarts at the root, ".." stops at the root). Lexical prefix checks cannot
/// stop writes through symlinks created by earlier entries (CVE-2014-6407, CVE-2021-29136); this walk can.
/// The root must be a directory only this process writes to (a fresh temp dir), so there is no race to lose.
/// </summary>
internal static class SafePath
{
    private const int MaxSymlinkHops = 40;

    /// <summary>Splits an archive entry name into components. "/a/./b/" becomes [a, b]; any ".." is refused.</summary>
    /// <param name="root">What the entries are confined to, for the message: "the layer directory", "the target
    /// directory".</param>
    public static string[] SplitEntryName(string name, string root = "the layer directory")
    {
        if (name.Contains('\0')) throw new InvalidArchiveException($"invalid entry name {Quote(name)}: contains NUL");
        var parts = name.Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != ".").ToArray();
        if (parts.Contains(".."))
            throw new InvalidArchiveException($"invalid entry name {Quote(name)}: \"..\" would leave {root}");
        return parts;
    }

    /// <summary>Resolves the directory named by <paramref name="components"/> inside <paramref name="root"/>,
    /// following symlinks within the root and (when <paramref name="create"/>) creating missing directories (0755).
    /// The returned path contains no symlinks and is always <paramref name="root"/> or below it.</summary>
    public static string ResolveDirectory(string root, IReadOnlyList<string> components, bool create)
    {
        var resolved = new List<string>();
        var pending = new LinkedList<string>(components);
        var hops = 0;
        while (pending.First is { } node)
        {
            pending.RemoveFirst();
            var component = node.Value;
            if (component is "" or ".") continue;
            if (component == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            var path = Join(root, resolved, component);
            switch (Kind(path))
            {
                case PathKind.Directory:
                    resolved.Add(component);
                    break;
                case PathKind.None when create:
                    Directory.CreateDirectory(path, (UnixFileMode)0b111_101_101);
                    resolved.Add(component);
                    break;
                case PathKind.None:
                    throw new InvalidArchiveException($"{Quote(string.Join('/', components))}: {Quote(component)} does not exist in the layer");
                case PathKind.Symlink:
                    if (++hops > MaxSymlinkHops)
                        throw new InvalidArchiveException($"{Quote(string.Join('/', components))}: too many levels of symbolic links");
                    var target = new FileInfo(path).LinkTarget ?? "";
                    if (target.StartsWith('/')) resolved.Clear();
                    foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
                        pending.AddFirst(part);
                    break;
                default:
                    throw new InvalidArchiveException($"{Quote(string.Join('/', components))}: {Quote(component)} is not a directory");
            }
        }
        return Join(root, resolved, null);
    }

    /// <summary>Resolves an existing entry (a hard link's target): parents through <see cref="ResolveDirectory"/>,
    /// the last component not followed. Returns the host path, always inside <paramref name="root"/>.</summary>
    public static string ResolveExisting(string root, string entryName)
    {
        var parts = SplitEntryName(entryName);
        if (parts.Length == 0) throw new InvalidArchiveException($"hard link to the layer root {Quote(entryName)} is not allowed");
        var parent = ResolveDirectory(root, parts[..^1], create: false);
        var path = Path.Combine(parent, parts[^1]);
        return Kind(path) switch
        {
            PathKind.None => throw new InvalidArchiveException($"hard link target {Quote(entryName)} does not exist in the layer"),
            PathKind.Directory => throw new InvalidArchiveException($"hard link target {Quote(entryName)} is a directory"),
            _ => path,
        };
    }

    /// <summary>lstat-like: the kind of <paramref name="path"/> without following a final symlink.</summary>
    public static PathKind Kind(string path)
    {
        FileAttributes attributes;
        try
        {
            attributes = File.GetAttributes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return PathKind.None;
        }
        if (attributes.HasFlag(FileAttributes.ReparsePoint)) return PathKind.Symlink;
        return attributes.HasFlag(FileAttributes.Directory) ? PathKind.Directory : PathKind.Other;
    }

    private static string Join(string root, List<string> resolved, string? last)
    {
        var all = new List<string>(resolved.Count + 2) { root };
        all.AddRange(resolved);
        if (last is not null) all.Add(last);
        return Path.Combine([.. all]);
    }

    private static string Quote(string s) => "\"" + s + "\"";
}
