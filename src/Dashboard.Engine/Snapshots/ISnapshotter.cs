namespace Dashboard.Engine.Snapshots;

/// <summary>
/// The union file system of a container: the image's layers as read-only overlay lowerdirs and one writable
/// upperdir per container, mounted at the bundle's rootfs. Layout under DataRoot/containers/ID:
/// upper/, work/, and rootfs/ (the mount point); shm/ holds the container's /dev/shm while it runs.
/// </summary>
public interface ISnapshotter
{
    /// <summary>Creates the writable layer directories (idempotent).</summary>
    void Prepare(string containerId);

    /// <summary>Mounts the overlay at <see cref="RootfsPath"/> unless already mounted. <paramref name="lowerDirs"/>
    /// are bottom first, as the image lists them.</summary>
    void Mount(string containerId, IReadOnlyList<string> lowerDirs);

    /// <summary>Unmounts the rootfs and the /dev/shm tmpfs if mounted (lazy detach when busy).</summary>
    void Unmount(string containerId);

    /// <summary>Unmounts and deletes the writable layer and the container directory.</summary>
    void Remove(string containerId);

    /// <summary>
    /// Mounts a tmpfs for the container's /dev/shm on the host (unless already mounted) and returns its path; its size is
    /// <paramref name="sizeBytes"/> (--shm-size), 64 MiB when null.
    /// Keeping it on the host lets other containers share it (--ipc container:ID), as Docker's shareable IPC mode
    /// and podman do. <see cref="Unmount"/> and <see cref="Remove"/> take it down.
    /// </summary>
    string MountShm(string containerId, long? sizeBytes = null);

    /// <summary>The host path of the container's mounted /dev/shm tmpfs, or null when none is mounted.</summary>
    string? FindShm(string containerId);

    bool IsMounted(string containerId);

    /// <summary>What the container changed against <paramref name="lowerDirs"/> (bottom first): docker diff.</summary>
    IReadOnlyList<FileChange> Changes(string containerId, IReadOnlyList<string> lowerDirs);

    /// <summary>The bytes the container has written (its writable layer, Docker's SizeRw); 0 once it is gone.</summary>
    long WritableLayerSize(string containerId);

    /// <summary>The ids of every container directory: what <see cref="Prepare"/> made and <see cref="Remove"/> has
    /// not deleted yet.</summary>
    IReadOnlyList<string> ContainerIds();

    string ContainerDirectory(string containerId);

    string RootfsPath(string containerId);
}
