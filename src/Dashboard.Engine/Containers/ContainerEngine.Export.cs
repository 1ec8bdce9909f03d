using Dashboard.Engine.ContainerFiles;
using Dashboard.Engine.Events;

namespace Dashboard.Engine.Containers;

public sealed partial class ContainerEngine
{
    /// <summary>
    /// A running container's overlay is mounted on the host at its rootfs path with none of its binds (those live in its
    /// own mount namespace), which is exactly what Docker exports: its root is opened there under the lock and the
    /// lock let go (the open fd keeps the mount readable even if the container stops meanwhile). A stopped one gets a
    /// private view of its overlay with no mounts, under its lock until the export ends, so no start can mount the
    /// same writable layer meanwhile.
    /// </summary>
    public async Task<ContainerExport> ExportAsync(string reference, CancellationToken cancellationToken)
    {
        ContainerFilesView view;
        var lease = await LockAsync(reference, cancellationToken);
        var record = lease.Entry.Record;
        try
        {
            var rootfs = _snapshotter.RootfsPath(record.Id);
            if (record.State.Status.IsAlive() && _snapshotter.IsMounted(record.Id))
            {
                view = new ContainerFilesView(ContainerRootFs.OfDirectory(rootfs), null, record);
                lease.Dispose();
            }
            else
            {
                var layers = _images.LayerPaths(_images.Resolve(record.ImageId));
                var root = await PrivateRootView.OpenAsync(new ViewPlan(rootfs, () => _snapshotter.Mount(record.Id, layers), false, []));
                view = new ContainerFilesView(root, lease, record);
            }
        }
        catch
        {
            lease.Dispose();
            throw;
        }
        var export = new ContainerExport(view);
        try
        {
            await PublishAsync(EventActions.Export, record);
            return export;
        }
        catch
        {
            await export.DisposeAsync();
            throw;
        }
    }
}
