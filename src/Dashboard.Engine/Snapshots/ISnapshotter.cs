namespace Dashboard.Engine.Snapshots;

/// <summary>
/// The union file system of a container: the image's layers as read-only overlay lowerdirs and one writable
/// upperdir per container, mounted at the bundle's rootfs. Layout under DataRoot/containers/ID:
/// upper/, work/, and rootfs/ (the mount point).
/// </summary>
public interface ISnapshotter
{
    /// <summary>Creates the writable layer directories (idempotent).</summary>
    void Prepare(string containerId);

    /// <summary>Mounts the overlay at <see cref="RootfsPath"/> unless already mounted. <paramref name="lowerDirs"/>
    /// are bottom first, as the image lists them.</summary>
    void Mount(string containerId, IReadOnlyList<string> lowerDirs);

    /// <summary>Unmounts the rootfs if mounted (lazy detach when busy).</summary>
    void Unmount(string containerId);

    /// <summary>Unmounts and deletes the writable layer and the container directory.</summary>
    void Remove(string containerId);

    bool IsMounted(string containerId);

    string ContainerDirectory(string containerId);

    string RootfsPath(string containerId);
}
