using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Interop;

#pragma warning disable CA1416 // the engine runs on Linux only

namespace Dashboard.Engine.Snapshots;

/// <summary>
/// Overlay rootfs per container under DataRoot/containers/ID: upper/ (the container's writes), work/ (overlayfs
/// scratch) and rootfs/ (the mount point). Image layers are the read-only lowerdirs, shared by all containers.
/// </summary>
public sealed partial class OverlaySnapshotter(EngineOptions options) : ISnapshotter
{
    private readonly string _dataRoot = Path.GetFullPath(options.DataRoot);
    private string ContainersRoot => Path.Combine(_dataRoot, "containers");

    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}$")]
    private static partial Regex ContainerIdPattern();

    public string ContainerDirectory(string containerId)
    {
        // The id becomes a path component that Remove deletes recursively: never let it climb out.
        if (!ContainerIdPattern().IsMatch(containerId) || containerId.Contains(".."))
            throw new ArgumentException($"invalid container id \"{containerId}\"", nameof(containerId));
        return Path.Combine(ContainersRoot, containerId);
    }

    public string RootfsPath(string containerId) => Path.Combine(ContainerDirectory(containerId), "rootfs");

    private string UpperPath(string containerId) => Path.Combine(ContainerDirectory(containerId), "upper");

    public IReadOnlyList<FileChange> Changes(string containerId, IReadOnlyList<string> lowerDirs) =>
        LayerChanges.Read(UpperPath(containerId), lowerDirs);

    public long WritableLayerSize(string containerId) => DirectorySize.Of(UpperPath(containerId));

    private string WorkPath(string containerId) => Path.Combine(ContainerDirectory(containerId), "work");

    public void Prepare(string containerId)
    {
        if (!Directory.Exists(ContainersRoot))
        {
            Directory.CreateDirectory(ContainersRoot);
            File.SetUnixFileMode(ContainersRoot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        Directory.CreateDirectory(ContainerDirectory(containerId), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // The upper dir's mode becomes the container's "/" mode, so 0755 like an image root.
        Directory.CreateDirectory(UpperPath(containerId), (UnixFileMode)0b111_101_101);
        Directory.CreateDirectory(WorkPath(containerId), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Directory.CreateDirectory(RootfsPath(containerId), (UnixFileMode)0b111_101_101);
    }

    public void Mount(string containerId, IReadOnlyList<string> lowerDirs)
    {
        var rootfs = RootfsPath(containerId);
        if (IsMounted(containerId)) return;
        Prepare(containerId);
        if (lowerDirs.Count == 0)
        {
            // overlayfs needs a lowerdir; an image without layers gets an empty one.
            var empty = Path.Combine(ContainerDirectory(containerId), "empty");
            Directory.CreateDirectory(empty, (UnixFileMode)0b111_101_101);
            lowerDirs = [empty];
        }
        foreach (var lower in lowerDirs)
            if (!Directory.Exists(lower)) throw new SnapshotException($"image layer directory {lower} is missing; the image store is damaged, remove and reload the image");
        var data = OverlayMountOptions.BuildUnchecked(lowerDirs, UpperPath(containerId), WorkPath(containerId));
        if (data.Length > OverlayMountOptions.MaxLength)
            data = OverlayMountOptions.Build(lowerDirs.Select(ShortLink).ToList(), UpperPath(containerId), WorkPath(containerId));
        if (LibC.Mount("overlay", rootfs, "overlay", 0, data) == -1)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new SnapshotException($"mounting the overlay rootfs of container {containerId} at {rootfs} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }
    }

    /// <summary>
    /// Mount data is limited to one page, about 40 layer paths under /var/lib/dashboard. Like Docker's overlay2
    /// "l/" directory, a short symlink DataRoot/l/HASH per layer lets images with many layers mount; the kernel
    /// resolves the links when mounting. Links are tiny and shared, and a stale one is only re-pointed.
    /// </summary>
    private string ShortLink(string lowerDir)
    {
        var links = Path.Combine(_dataRoot, "l");
        Directory.CreateDirectory(links);
        var name = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lowerDir)))[..12];
        var link = Path.Combine(links, name);
        if (new FileInfo(link).LinkTarget is { } existing && existing == lowerDir) return link;
        var temp = link + "." + Guid.NewGuid().ToString("N")[..8];
        File.CreateSymbolicLink(temp, lowerDir);
        LibC.ThrowIfError(LibC.Rename(temp, link), "rename", link); // atomic even when another mount made the same link
        return link;
    }

    public void Unmount(string containerId)
    {
        UnmountAll(ShmPath(containerId), "/dev/shm", containerId);
        UnmountAll(RootfsPath(containerId), "rootfs", containerId);
    }

    /// <summary>Unmounts until the kernel says <paramref name="path"/> is no mount point (EINVAL) or does not exist, so
    /// stacked mounts go too, without reading the mount table before and after each attempt (as containerd's
    /// UnmountAll does). NOFOLLOW: a symlink there is not ours to follow (the mount table check never followed one).
    /// Bounded in case something keeps mounting there.</summary>
    private static void UnmountAll(string path, string what, string containerId)
    {
        for (var attempt = 0; attempt < 8; attempt++)
        {
            if (LibC.Umount2(path, LibC.UMOUNT_NOFOLLOW) == 0) continue;
            var errno = Marshal.GetLastPInvokeError();
            if (errno is LibC.EINVAL or LibC.ENOENT) return; // not a mount point (any more), or never prepared
            if (errno == LibC.EBUSY && LibC.Umount2(path, LibC.MNT_DETACH | LibC.UMOUNT_NOFOLLOW) == 0) continue;
            errno = Marshal.GetLastPInvokeError();
            throw new SnapshotException($"unmounting the {what} of container {containerId} ({path}) failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }
    }

    public void Remove(string containerId)
    {
        var dir = ContainerDirectory(containerId);
        Unmount(containerId);
        // Deleting through a still-mounted rootfs would delete image layer files: refuse instead.
        var mounted = MountInfo.MountPoints();
        if (mounted.Contains(RootfsPath(containerId)) || mounted.Contains(ShmPath(containerId)))
            throw new SnapshotException($"the rootfs or /dev/shm of container {containerId} is still mounted; not deleting {dir}");
        if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
    }

    private string ShmPath(string containerId) => Path.Combine(ContainerDirectory(containerId), "shm");

    public string MountShm(string containerId, long? sizeBytes = null)
    {
        var shm = ShmPath(containerId);
        if (MountInfo.IsMountPoint(shm)) return shm;
        Directory.CreateDirectory(shm, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        // Docker's /dev/shm: 64 MiB unless --shm-size says otherwise, world-writable with the sticky bit, no devices,
        // set-id or executables.
        var size = sizeBytes is { } bytes ? bytes.ToString(System.Globalization.CultureInfo.InvariantCulture) : "65536k";
        if (LibC.Mount("shm", shm, "tmpfs", LibC.MS_NOSUID | LibC.MS_NODEV | LibC.MS_NOEXEC, "mode=1777,size=" + size) == -1)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new SnapshotException($"mounting the /dev/shm tmpfs of container {containerId} at {shm} failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})");
        }
        return shm;
    }

    public string? FindShm(string containerId)
    {
        var shm = ShmPath(containerId);
        return MountInfo.IsMountPoint(shm) ? shm : null;
    }

    public bool IsMounted(string containerId) => MountInfo.IsMountPoint(RootfsPath(containerId));

    public IReadOnlyList<string> ContainerIds() =>
        Directory.Exists(ContainersRoot)
            ? Directory.EnumerateDirectories(ContainersRoot).Select(Path.GetFileName).OfType<string>().ToList()
            : [];
}
