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
}
