using Dashboard.Engine.ContainerFiles;
using Dashboard.Engine.Events;
using Dashboard.Engine.Images;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Containers;

/// <summary>
/// docker cp (<see cref="IContainerFiles"/>). A running or paused container is copied through its process's root
/// (/proc/PID/root): exactly what its processes see, binds, volumes, tmpfs and /etc/hosts included. The lock is taken
/// to read its state and open that root; a GET or HEAD then lets it go (the open root and mount namespace stay valid
/// whatever happens to the container, and a reader never changes anything), a PUT keeps it until the last byte is
/// written, as Docker does, so the files land in the run they were sent to. A container that is not running gets a
/// private view (<see cref="PrivateRootView"/>) built and used under its lock, which no start can take meanwhile.
/// </summary>
public sealed partial class ContainerEngine : IContainerFiles
{
    private const int MaxPasswdBytes = 4 << 20;

    public async Task<PathStat> StatPathAsync(string reference, string path, CancellationToken cancellationToken)
    {
        var target = ContainerPath.Parse(path);
        using var view = await OpenFilesViewAsync(reference, holdLock: false, cancellationToken);
        return view.Root.Stat(target) ?? throw new ContainerPathNotFoundException(target.Absolute, reference);
    }

    public async Task<ContainerArchive> ArchivePathAsync(string reference, string path, CancellationToken cancellationToken)
    {
        var target = ContainerPath.Parse(path);
        var view = await OpenFilesViewAsync(reference, holdLock: false, cancellationToken);
        try
        {
            var located = view.Root.Locate(target) ?? throw new ContainerPathNotFoundException(target.Absolute, reference);
            try
            {
                var stat = view.Root.StatOf(target, located);
                await PublishAsync(EventActions.ArchivePath, view.Record);
                return new ContainerArchive(view, located, stat, target.BaseName);
            }
            catch
            {
                located.Dispose();
                throw;
            }
        }
        catch
        {
            view.Dispose();
            throw;
        }
    }

    public async Task ExtractToDirectoryAsync(string reference, string path, Stream archive, ExtractOptions options, CancellationToken cancellationToken)
    {
        var target = ContainerPath.Parse(path);
        // Decompressed outside the container's view, never by a program (moby runs none for this either since
        // GHSA-x86f-5xw2-fm2r): gzip is read, other compressions are refused by name.
        await using var tar = await ArchiveStreams.OpenDecompressedAsync(archive, cancellationToken);
        using var view = await OpenFilesViewAsync(reference, holdLock: true, cancellationToken);
        var root = view.Root;
        Microsoft.Win32.SafeHandles.SafeFileHandle destination;
        try
        {
            destination = FileNative.OpenInRoot(root.Root, target.Relative, FileNative.O_PATH | FileNative.O_DIRECTORY);
        }
        catch (IOException e) when (FileNative.Errno(e) == FileNative.ENOENT)
        {
            throw new ContainerPathNotFoundException(target.Absolute, reference);
        }
        catch (IOException e) when (FileNative.Errno(e) is FileNative.ENOTDIR or FileNative.ELOOP)
        {
            throw new ValidationException("path", "extraction point is not a directory");
        }
        using (destination)
        {
            var fd = destination;
            if (KernelFileSystems.IsKernelFileSystem(fd))
                throw new ValidationException("path", $"{target.Absolute} is in a kernel file system (such as /proc or /sys): cp does not write there");
            // Docker checks before writing; the kernel would refuse each write anyway (EROFS), in the running container
            // through its own mounts, in a private view through the same flags applied there.
            if (FileNative.FileSystemOf(fd).ReadOnly)
                throw new ReadOnlyTargetException(volume: FileNative.StatOrThrow(fd, "").MountId != root.RootMountId);
            var owner = options.CopyUidGid ? ContainerOwner(view) : null;
            await ArchiveExtractor.ExtractAsync(fd, tar, options, owner, root.RootMountId, cancellationToken);
        }
        await PublishAsync(EventActions.ExtractToDir, view.Record);
    }

    /// <summary>
    /// Opens the container's files. Running or paused: its process's root, found and checked under the lock; the lock is
    /// kept only with <paramref name="holdLock"/>. Otherwise: a private view of its overlay, opened and kept under the
    /// lock until the view is disposed.
    /// </summary>
    private async Task<ContainerFilesView> OpenFilesViewAsync(string reference, bool holdLock, CancellationToken cancellationToken)
    {
        var lease = await LockAsync(reference, cancellationToken);
        try
        {
            var record = lease.Entry.Record;
            if (record.State.Status.IsAlive())
            {
                var root = record.State.Pid is { } pid ? ContainerRootFs.OfProcess(pid, _snapshotter.RootfsPath(record.Id)) : null;
                // Its process has just ended; the exit is being processed (it waits for this lock).
                if (root is null) throw new InvalidContainerStateException(record.Id, "exiting", "copy files of");
                var kept = holdLock ? lease : null;
                if (!holdLock) lease.Dispose();
                return new ContainerFilesView(root, kept, record);
            }
            var view = await PrivateRootView.OpenAsync(ViewPlanOf(record));
            return new ContainerFilesView(view, lease, record);
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    /// <summary>What a start would mount, in the order it would: the /etc files of the last run (when there was one),
    /// then the user's binds and tmpfs mounts, parents first. --read-only makes the root and the /etc files read-only.</summary>
    private ViewPlan ViewPlanOf(ContainerRecord record)
    {
        var id = record.Id;
        var config = record.Config;
        var layers = _images.LayerPaths(_images.Resolve(record.ImageId));
        var user = new List<ViewMount>();
        user.AddRange(config.Binds.Select(b => new ViewMount(b.Destination, b.Source, b.ReadOnly)));
        user.AddRange(config.Mounts.Select(m => m.Type == MountKind.Tmpfs
            ? new ViewMount(m.Target, null, m.ReadOnly)
            : new ViewMount(m.Target, m.Source, m.ReadOnly, !m.NonRecursive)));
        user.AddRange(config.Tmpfs.Select(t => new ViewMount(t.Destination, null, t.Options.Split(',').Contains("ro"))));
        foreach (var (volume, path) in config.Volumes.Join(VolumePaths(config), v => v.Name, p => p.Key, (v, p) => (v, p.Value)))
            user.Add(new ViewMount(volume.Destination, path, volume.ReadOnly));
        var taken = user.Select(m => m.Destination).ToHashSet(StringComparer.Ordinal);
        var directory = _snapshotter.ContainerDirectory(id);
        var etc = new[] { ("/etc/hostname", "hostname"), ("/etc/hosts", "hosts"), ("/etc/resolv.conf", "resolv.conf") }
            .Where(f => !taken.Contains(f.Item1) && File.Exists(Path.Combine(directory, f.Item2)))
            .Select(f => new ViewMount(f.Item1, Path.Combine(directory, f.Item2), config.Security.ReadonlyRootfs));
        var ordered = user.OrderBy(m => m.Destination.Count(c => c == '/')).ThenBy(m => m.Destination, StringComparer.Ordinal);
        return new ViewPlan(_snapshotter.RootfsPath(id), () => _snapshotter.Mount(id, layers), config.Security.ReadonlyRootfs,
            etc.Concat(ordered).ToList());
    }

    /// <summary>copyUIDGID: the container's user (as configured, else the image's) resolved in the container's own
    /// /etc/passwd and /etc/group, read through its root; null when it has none (the archive's ids stay, as in Docker).</summary>
    private (int Uid, int Gid)? ContainerOwner(ContainerFilesView view)
    {
        var user = view.Record.Config.User;
        if (string.IsNullOrEmpty(user))
        {
            try { user = _images.Resolve(view.Record.ImageId).Config.User; }
            catch (ImageNotFoundException) { user = null; }
        }
        if (string.IsNullOrEmpty(user)) return null;
        var resolved = PasswdResolver.Resolve(path =>
        {
            var bytes = InRoot.ReadSmallFile(view.Root.Root, path.TrimStart('/'), MaxPasswdBytes);
            return bytes is null ? null : System.Text.Encoding.UTF8.GetString(bytes).Split('\n');
        }, user);
        return ((int)resolved.Uid, (int)resolved.Gid);
    }
}
