using Microsoft.Win32.SafeHandles;

namespace Dashboard.Engine.ContainerFiles;

/// <summary>
/// An open handle on a container's root directory, as its processes see it (mounts included), for the length of one
/// copy: an O_PATH fd of the root plus whatever keeps the view alive (the mount namespace it lives in). Every path is
/// resolved under it (<see cref="InRoot"/>). Disposing closes the fds; when the view was private to this copy
/// (<see cref="PrivateRootView"/>) that is what takes its mounts down, so none can leak, even when the daemon dies.
/// </summary>
internal sealed class ContainerRootFs : IDisposable
{
    private readonly SafeFileHandle _root;
    private readonly SafeFileHandle? _namespace;

    private ContainerRootFs(SafeFileHandle root, SafeFileHandle? mountNamespace)
    {
        _root = root;
        _namespace = mountNamespace;
        RootMountId = FileNative.StatOrThrow(root, "").MountId;
    }

    public SafeFileHandle Root => _root;

    /// <summary>The mount the root directory is on: a target on another mount is in a volume or bind.</summary>
    public ulong RootMountId { get; }

    /// <summary>Takes ownership of <paramref name="root"/> and the fd that keeps its mount namespace alive.</summary>
    public static ContainerRootFs Adopt(SafeFileHandle root, SafeFileHandle? mountNamespace) => new(root, mountNamespace);

    /// <summary>A directory of the host as the root: a running container's overlay mount point (export, which leaves out
    /// its binds and volumes, as Docker's does), and tests of the resolver.</summary>
    public static ContainerRootFs OfDirectory(string path) =>
        new(FileNative.Open(path, FileNative.O_PATH | FileNative.O_DIRECTORY), null);

    /// <summary>
    /// The root of a running container's process (/proc/PID/root), with its mount namespace held open so that its
    /// binds and tmpfs mounts stay attached while the copy runs. The root must be the container's overlay, mounted on
    /// the host at <paramref name="hostRootfs"/>: a pid that has been reused by another process is refused.
    /// </summary>
    /// <returns>null when the process is gone or is not the container's.</returns>
    public static ContainerRootFs? OfProcess(int pid, string hostRootfs)
    {
        SafeFileHandle? ns = null, root = null;
        try
        {
            ns = FileNative.Open($"/proc/{pid}/ns/mnt", FileNative.O_RDONLY);
            root = FileNative.Open($"/proc/{pid}/root", FileNative.O_PATH | FileNative.O_DIRECTORY);
            using var expected = FileNative.Open(hostRootfs, FileNative.O_PATH | FileNative.O_DIRECTORY);
            if (FileNative.StatOrThrow(root, "").Identity != FileNative.StatOrThrow(expected, "").Identity)
            {
                root.Dispose();
                ns.Dispose();
                return null;
            }
            return new ContainerRootFs(root, ns);
        }
        catch (IOException e) when (FileNative.Errno(e) is FileNative.ENOENT or 3 /* ESRCH */)
        {
            root?.Dispose();
            ns?.Dispose();
            return null;
        }
        catch
        {
            root?.Dispose();
            ns?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Finds what <paramref name="path"/> names without following a final symlink (unless the path ends in "/" or "/.").
    /// A directory is opened for reading on the spot (O_NOFOLLOW) and described by that fd, so what a copy reports and
    /// what it archives are the same directory even when the container renames things meanwhile. Null when it does not
    /// exist, or lies inside a kernel file system (<see cref="KernelFileSystems"/>: only their mount points are shown,
    /// as empty directories).
    /// </summary>
    /// <exception cref="ValidationException">A component is not a directory, or symlinks loop.</exception>
    public LocatedPath? Locate(ContainerPath path)
    {
        SafeFileHandle? directory = null;
        try
        {
            if (path.IsRoot || path.FollowsFinalSymlink)
            {
                directory = FileNative.OpenInRoot(_root, path.Relative, FileNative.O_RDONLY | FileNative.O_DIRECTORY);
                var self = FileNative.StatOrThrow(directory, "");
                if (!path.IsRoot && !self.IsMountRoot && KernelFileSystems.IsKernelFileSystem(directory)) return Hidden(directory);
                return new LocatedPath(directory, "", self, directory);
            }
            directory = FileNative.OpenInRoot(_root, path.ParentRelative, FileNative.O_PATH | FileNative.O_DIRECTORY);
            if (KernelFileSystems.IsKernelFileSystem(directory)) return Hidden(directory);
            var name = path.Components[^1];
            for (var attempt = 0; ; attempt++)
            {
                var status = FileNative.Stat(directory, name, out var errno);
                if (status is null)
                {
                    if (errno == FileNative.ENOENT) return Hidden(directory);
                    throw FileNative.Error("statx", path.Absolute, errno);
                }
                if (!status.Value.IsDirectory) return new LocatedPath(directory, name, status.Value, null);
                try
                {
                    var opened = FileNative.OpenAt(directory, name, FileNative.O_RDONLY | FileNative.O_DIRECTORY | FileNative.O_NOFOLLOW);
                    return new LocatedPath(directory, name, FileNative.StatOrThrow(opened, ""), opened);
                }
                catch (IOException e) when (FileNative.Errno(e) is FileNative.ENOTDIR or FileNative.ELOOP && attempt < 8)
                {
                    // Replaced by a symlink or a file since the stat: look again.
                }
            }
        }
        catch (IOException e) when (FileNative.Errno(e) == FileNative.ENOENT)
        {
            directory?.Dispose();
            return null;
        }
        catch (IOException e) when (FileNative.Errno(e) is FileNative.ENOTDIR or FileNative.ELOOP)
        {
            directory?.Dispose();
            throw new ValidationException("path", $"{path.Absolute}: " + (FileNative.Errno(e) == FileNative.ELOOP
                ? "too many levels of symbolic links" : "not a directory"));
        }
        catch
        {
            directory?.Dispose();
            throw;
        }
    }

    /// <summary>The stat `docker cp` asks for (HEAD, and the header of every GET); null when the path does not exist.</summary>
    public PathStat? Stat(ContainerPath path)
    {
        using var located = Locate(path);
        return located is null ? null : StatOf(path, located);
    }

    /// <summary>The stat of what <see cref="Locate"/> found: a symlink's target is resolved inside the root.</summary>
    public PathStat StatOf(ContainerPath path, LocatedPath located)
    {
        var status = located.Status;
        var target = status.IsSymlink ? InRoot.ResolveSymlinks(_root, path.Components) : "";
        return new PathStat(path.BaseName, status.Size, status.Mode, status.Mtime, target);
    }

    private static LocatedPath? Hidden(SafeFileHandle directory)
    {
        directory.Dispose();
        return null;
    }

    public void Dispose()
    {
        _root.Dispose();
        _namespace?.Dispose();
    }
}

/// <summary>A path found in a container's root: the directory holding it and its name there, or (name "") the directory
/// itself; for a directory, <see cref="Opened"/> is it, open for reading. Owns both fds.</summary>
internal sealed class LocatedPath(SafeFileHandle directory, string name, FileStatus status, SafeFileHandle? opened) : IDisposable
{
    public SafeFileHandle Directory { get; } = directory;
    public string Name { get; } = name;
    public FileStatus Status { get; } = status;
    public SafeFileHandle? Opened { get; } = opened;

    public void Dispose()
    {
        Opened?.Dispose();
        Directory.Dispose();
    }
}
