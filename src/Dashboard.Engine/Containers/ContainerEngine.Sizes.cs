namespace Dashboard.Engine.Containers;

public sealed partial class ContainerEngine
{
    public ContainerSize SizeOf(string reference)
    {
        var record = Get(reference);
        // Walked without the container's lock: a size is a moment's reading, and a remove meanwhile only makes it 0.
        var written = _snapshotter.WritableLayerSize(record.Id);
        var image = _images.TryResolve(record.ImageId, out var found) ? found.Size : 0;
        return new ContainerSize(written, written + image);
    }

    public IReadOnlyList<Snapshots.FileChange> ChangesOf(string reference)
    {
        var record = Get(reference);
        // Like a size, a reading of the moment without the lock; an image in use cannot be removed, so its layers stay.
        var layers = _images.TryResolve(record.ImageId, out var image) ? _images.LayerPaths(image) : [];
        return _snapshotter.Changes(record.Id, layers);
    }
}
