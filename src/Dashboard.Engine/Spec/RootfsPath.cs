namespace Dashboard.Engine.Spec;

/// <summary>Resolves a path inside a container rootfs as if the rootfs were "/": symlinks (absolute or relative,
/// and ".." components) can never lead outside it.</summary>
internal static class RootfsPath
{
    private const int MaxSymlinks = 40; // the kernel's limit (ELOOP)

    /// <summary>The host path, or null on a symlink loop.</summary>
    public static string? Resolve(string rootfs, string containerPath)
    {
        var pending = new Stack<string>(containerPath.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var resolved = new List<string>();
        var hops = 0;
        while (pending.Count > 0)
        {
            var part = pending.Pop();
            if (part == ".") continue;
            if (part == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            var candidate = Path.Combine(rootfs, string.Join('/', resolved.Append(part)));
            var info = new FileInfo(candidate);
            if (info.LinkTarget is { } target)
            {
                if (++hops > MaxSymlinks) return null;
                if (target.StartsWith('/')) resolved.Clear();
                foreach (var p in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.Push(p);
                continue;
            }
            resolved.Add(part);
        }
        return Path.Combine(rootfs, string.Join('/', resolved));
    }
}
