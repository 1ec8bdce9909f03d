using Microsoft.Win32.SafeHandles;

namespace Dashboard.Engine.ContainerFiles;

/// <summary>One mount of a container that a view of its files shows: a bind of a host path, or a tmpfs.</summary>
/// <param name="Source">The host path of a bind; null for a tmpfs.</param>
internal sealed record ViewMount(string Destination, string? Source, bool ReadOnly, bool Recursive = true);

/// <summary>What a private view of a stopped container is made of.</summary>
/// <param name="RootfsPath">Where the container's overlay is mounted (the host's mount point; the view mounts it there
/// in its own namespace).</param>
/// <param name="MountRootfs">Mounts the overlay at <paramref name="RootfsPath"/>; runs inside the view's namespace.</param>
/// <param name="Mounts">Parents before children, as the runtime would mount them.</param>
internal sealed record ViewPlan(string RootfsPath, Action MountRootfs, bool ReadOnlyRoot, IReadOnlyList<ViewMount> Mounts);

/// <summary>
/// The files of a container that is not running, as its next start will show them: its overlay (image layers and its
/// writable layer) with its binds over it, and an empty tmpfs where it has one (as in Docker's view, what is written
/// there is gone with the view). Built on a new thread that first unshares its mount namespace and makes it a slave
/// of the host's (the host's mounts and unmounts still reach it, nothing of it reaches the host), then mounts there
/// and keeps two fds: the root of the view and the namespace itself. The thread then ends; the namespace lives as long
/// as those fds, and closing them (or the daemon's death) lets the kernel take every mount of it down: nothing to
/// unmount, nothing to leak. The caller holds the container's lock for as long as the view is open, so the container
/// cannot start and mount the same writable layer twice.
/// Mount destinations are resolved inside the root like everything else (a destination that is a symlink stays in the
/// container) and missing ones are created, as runc and Docker create them; read-only binds and --read-only are
/// applied with mount_setattr, so the kernel refuses writes there as it does in the running container.
/// </summary>
internal static class PrivateRootView
{
    private const ulong MS_PRIVATE_SLAVE = FileNative.MS_REC | FileNative.MS_SLAVE;

    public static Task<ContainerRootFs> OpenAsync(ViewPlan plan)
    {
        var result = new TaskCompletionSource<ContainerRootFs>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try { result.TrySetResult(Build(plan)); }
            catch (Exception e) { result.TrySetException(e); }
        })
        {
            IsBackground = true,
            Name = "container-files-view",
        };
        thread.Start();
        return result.Task;
    }

    private static ContainerRootFs Build(ViewPlan plan)
    {
        // This thread's own copy of the mount table (unshare(CLONE_NEWNS) also gives it its own cwd and root, which is
        // allowed in a multithreaded process; the namespace cannot be entered by any other thread).
        FileNative.ThrowIfError(Interop.LibC.Unshare(Interop.LibC.CLONE_NEWNS), "unshare", "CLONE_NEWNS");
        FileNative.ThrowIfError(FileNative.Mount(null, "/", null, MS_PRIVATE_SLAVE, null), "mount", "/ (rslave)");
        plan.MountRootfs();
        var ns = FileNative.Open("/proc/thread-self/ns/mnt", FileNative.O_RDONLY);
        SafeFileHandle? root = null;
        try
        {
            root = FileNative.Open(plan.RootfsPath, FileNative.O_PATH | FileNative.O_DIRECTORY);
            foreach (var mount in plan.Mounts) Attach(root, mount);
            if (plan.ReadOnlyRoot) FileNative.MakeReadOnly(root, recursive: false);
            return ContainerRootFs.Adopt(root, ns);
        }
        catch
        {
            root?.Dispose();
            ns.Dispose();
            throw;
        }
    }

    private static void Attach(SafeFileHandle root, ViewMount mount)
    {
        var path = ContainerPath.Parse(mount.Destination);
        // A bind whose source is gone shows the container's own directory there (its next start creates the source).
        if (mount.Source is { } source && !Path.Exists(source)) return;
        var isDirectory = mount.Source is null || Directory.Exists(mount.Source);
        using var target = isDirectory ? InRoot.CreateDirectories(root, path.Components) : OpenOrCreateFile(root, path);
        // The fd pins the resolved destination: the mount lands exactly there, whatever the path's symlinks do next.
        var at = $"/proc/self/fd/{target.DangerousGetHandle()}";
        if (mount.Source is null)
            FileNative.ThrowIfError(FileNative.Mount("tmpfs", at, "tmpfs", FileNative.MS_NOSUID | FileNative.MS_NODEV, "mode=1777"), "mount", mount.Destination);
        else
            FileNative.ThrowIfError(FileNative.Mount(mount.Source, at, null, FileNative.MS_BIND | (mount.Recursive ? FileNative.MS_REC : 0), null), "mount", mount.Destination);
        if (!mount.ReadOnly) return;
        using var mounted = FileNative.OpenInRoot(root, path.Relative, FileNative.O_PATH);
        FileNative.MakeReadOnly(mounted, recursive: true);
    }

    private static SafeFileHandle OpenOrCreateFile(SafeFileHandle root, ContainerPath path)
    {
        try
        {
            return FileNative.OpenInRoot(root, path.Relative, FileNative.O_PATH);
        }
        catch (IOException e) when (FileNative.Errno(e) == FileNative.ENOENT)
        {
        }
        using (var parent = InRoot.CreateDirectories(root, path.Components.Take(path.Components.Count - 1).ToList()))
        using (FileNative.OpenAt(parent, path.Components[^1], FileNative.O_WRONLY | FileNative.O_CREAT | FileNative.O_NOFOLLOW, 0b110_100_100)) { }
        return FileNative.OpenInRoot(root, path.Relative, FileNative.O_PATH);
    }
}
