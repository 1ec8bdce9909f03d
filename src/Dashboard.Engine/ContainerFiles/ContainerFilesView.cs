namespace Dashboard.Engine.ContainerFiles;

/// <summary>An open view of one container's files for one copy, with the container's lock when the copy needs its state
/// to hold still (a PUT, or any copy of a container that is not running). Disposing closes the view, then releases the
/// lock, in that order: the container can only start once the view's mounts are gone.</summary>
internal sealed class ContainerFilesView(ContainerRootFs root, IDisposable? lease, Containers.ContainerRecord record) : IDisposable
{
    public ContainerRootFs Root { get; } = root;

    /// <summary>The container as it was when the view was opened.</summary>
    public Containers.ContainerRecord Record { get; } = record;

    private int _disposed;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        try { Root.Dispose(); }
        finally { lease?.Dispose(); }
    }
}
