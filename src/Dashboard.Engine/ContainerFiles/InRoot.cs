using Microsoft.Win32.SafeHandles;

namespace Dashboard.Engine.ContainerFiles;

/// <summary>
/// Path operations confined to a directory fd taken as "/", the way a chroot would see them. Whole paths go through
/// openat2(RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS), so neither "..", nor an absolute or relative symlink, nor a rename
/// racing the lookup ever reaches outside the root (the CVE-2018-15664 class); the last component of anything created
/// is then handled by an *at call on its parent's fd that never follows it.
/// </summary>
internal static class InRoot
{
    private const int MaxSymlinkHops = 255;

    /// <summary>The directory <paramref name="components"/> name under <paramref name="root"/> (following symlinks inside
    /// it), as an O_PATH fd; "" or no components is the root itself.</summary>
    public static SafeFileHandle OpenDirectory(SafeFileHandle root, IReadOnlyList<string> components) =>
        FileNative.OpenInRoot(root, Join(components), FileNative.O_PATH | FileNative.O_DIRECTORY);

    /// <summary>Like <see cref="OpenDirectory"/>, creating missing directories (0755, owned by root, as runc and Docker
    /// create missing parents). A symlink on the way is followed inside the root, and what it names is created there
    /// when missing, as Docker's securejoin + MkdirAll do. A component that exists and is not a directory fails with
    /// ENOTDIR or EEXIST.</summary>
    public static SafeFileHandle CreateDirectories(SafeFileHandle root, IReadOnlyList<string> components)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return OpenDirectory(root, components);
            }
            catch (IOException e) when (FileNative.Errno(e) == FileNative.ENOENT && attempt < 8)
            {
            }
            // Every symlink resolved (inside the root): a plain path of directories, made one by one.
            var resolved = ResolveSymlinks(root, components).Split('/', StringSplitOptions.RemoveEmptyEntries);
            for (var i = 0; i < resolved.Length; i++)
            {
                using var parent = OpenDirectory(root, resolved[..i]);
                if (FileNative.MkdirAt(parent, resolved[i], 0b111_101_101) != 0)
                {
                    var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
                    if (errno != FileNative.EEXIST) throw FileNative.Error("mkdirat", resolved[i], errno);
                }
            }
            // Opened again from the original components: anything swapped in meanwhile is resolved inside the root too.
        }
    }

    /// <summary>Docker's FollowSymlinkInScope: the path with every symlink along it resolved inside the root, lexically
    /// continued past the first component that does not exist. What a symlink's stat reports as its target.</summary>
    public static string ResolveSymlinks(SafeFileHandle root, IReadOnlyList<string> components)
    {
        var resolved = new List<string>();
        var pending = new LinkedList<string>(components);
        var hops = 0;
        while (pending.First is { } node)
        {
            pending.RemoveFirst();
            var name = node.Value;
            if (name is "" or ".") continue;
            if (name == "..")
            {
                if (resolved.Count > 0) resolved.RemoveAt(resolved.Count - 1);
                continue;
            }
            FileStatus? status = null;
            SafeFileHandle? parent = null;
            try
            {
                parent = OpenDirectory(root, resolved);
                status = FileNative.Stat(parent, name, out _);
                if (status is { IsSymlink: true })
                {
                    if (++hops > MaxSymlinkHops) throw FileNative.Error("resolve", "/" + string.Join('/', components), FileNative.ELOOP);
                    string target;
                    try
                    {
                        target = FileNative.ReadLinkAt(parent, name);
                    }
                    catch (IOException e) when (FileNative.Errno(e) == FileNative.EINVAL)
                    {
                        // No longer a symlink (a directory or file was renamed over it since the stat): look at this
                        // component again; the hop count bounds a loop that keeps swapping.
                        pending.AddFirst(name);
                        continue;
                    }
                    if (target.StartsWith('/')) resolved.Clear();
                    foreach (var part in target.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse()) pending.AddFirst(part);
                    continue;
                }
            }
            catch (IOException e) when (FileNative.Errno(e) is FileNative.ENOENT or FileNative.ENOTDIR)
            {
                // A parent that is missing or not a directory: the rest is taken as written.
            }
            finally
            {
                parent?.Dispose();
            }
            resolved.Add(name);
        }
        return "/" + string.Join('/', resolved);
    }

    /// <summary>Removes <paramref name="name"/> in <paramref name="parent"/>: a file, a symlink (not what it points at) or
    /// a whole directory tree, every level through fds, so a symlink swapped in meanwhile is unlinked, never followed.</summary>
    public static void Remove(SafeFileHandle parent, string name)
    {
        if (FileNative.UnlinkAt(parent, name, 0) == 0) return;
        var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
        if (errno == FileNative.ENOENT) return;
        if (errno != FileNative.EISDIR) throw FileNative.Error("unlinkat", name, errno);
        using (var directory = FileNative.OpenAt(parent, name, FileNative.O_RDONLY | FileNative.O_DIRECTORY | FileNative.O_NOFOLLOW))
        {
            // Never into another mount (a bind of a host directory): its files are not the container's to delete.
            if (FileNative.StatOrThrow(directory, "").MountId != FileNative.StatOrThrow(parent, "").MountId)
                throw FileNative.Error("remove", name, FileNative.EBUSY);
            foreach (var child in FileNative.ListDirectory(directory)) Remove(directory, child);
        }
        if (FileNative.UnlinkAt(parent, name, FileNative.AT_REMOVEDIR) != 0)
        {
            errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            if (errno != FileNative.ENOENT) throw FileNative.Error("unlinkat", name, errno);
        }
    }

    /// <summary>Reads a small regular file (at most <paramref name="maxBytes"/>), null when it does not exist or is not a
    /// regular file.</summary>
    public static byte[]? ReadSmallFile(SafeFileHandle root, string path, int maxBytes)
    {
        SafeFileHandle file;
        try
        {
            file = FileNative.OpenInRoot(root, path, FileNative.O_RDONLY | FileNative.O_NONBLOCK | FileNative.O_NOCTTY);
        }
        catch (IOException e) when (FileNative.Errno(e) is FileNative.ENOENT or FileNative.ENOTDIR or FileNative.ELOOP)
        {
            return null;
        }
        using (file)
        {
            if (!FileNative.StatOrThrow(file, "").IsRegular) return null;
            using var stream = new FileStream(file, FileAccess.Read, 0);
            var buffer = new byte[maxBytes];
            var total = 0;
            int n;
            while (total < maxBytes && (n = stream.Read(buffer, total, maxBytes - total)) > 0) total += n;
            return buffer[..total];
        }
    }

    private static string Join(IReadOnlyList<string> components) => components.Count == 0 ? "." : string.Join('/', components);
}
