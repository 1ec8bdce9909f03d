using Dashboard.Engine.Images;
using Dashboard.Engine.Snapshots;

namespace Dashboard.Engine.Tests.Containers.Fakes;

/// <summary>Directories under a temp root, no real mounts.</summary>
internal sealed class FakeSnapshotter(string root) : ISnapshotter
{
    private readonly HashSet<string> _mounted = [];

    public void Prepare(string containerId) => Directory.CreateDirectory(RootfsPath(containerId));
    /// <summary>Without an overlay, what is written under the rootfs is the writable layer.</summary>
    public IReadOnlyList<FileChange> Changes(string containerId, IReadOnlyList<string> lowerDirs) =>
        LayerChanges.Read(RootfsPath(containerId), lowerDirs);
    public long WritableLayerSize(string containerId) => DirectorySize.Of(RootfsPath(containerId));
    public void Mount(string containerId, IReadOnlyList<string> lowerDirs) { lock (_mounted) _mounted.Add(containerId); }
    public void Unmount(string containerId) { lock (_mounted) { _mounted.Remove(containerId); _mounted.Remove(containerId + "/shm"); } }
    public void Remove(string containerId)
    {
        Unmount(containerId);
        if (Directory.Exists(ContainerDirectory(containerId))) Directory.Delete(ContainerDirectory(containerId), true);
    }
    public bool IsMounted(string containerId) { lock (_mounted) return _mounted.Contains(containerId); }
    public string MountShm(string containerId, long? sizeBytes = null)
    {
        var shm = Path.Combine(ContainerDirectory(containerId), "shm");
        Directory.CreateDirectory(shm);
        lock (_mounted) _mounted.Add(containerId + "/shm");
        return shm;
    }
    public string? FindShm(string containerId)
    {
        lock (_mounted) return _mounted.Contains(containerId + "/shm") ? Path.Combine(ContainerDirectory(containerId), "shm") : null;
    }
    public IReadOnlyList<string> ContainerIds() =>
        Directory.Exists(root) ? Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().ToList() : [];
    public string ContainerDirectory(string containerId) => Path.Combine(root, containerId);
    public string RootfsPath(string containerId) => Path.Combine(root, containerId, "rootfs");
}

internal sealed class FakeImageService : IImageService
{
    public static readonly ImageRecord Busybox = new()
    {
        Id = "sha256:" + new string('b', 64),
        RepoTags = ["busybox:latest"],
        Layers = ["sha256:" + new string('1', 64)],
        Config = new ImageConfig { Cmd = ["sh"] },
    };

    public IReadOnlyList<ImageRecord> List() => [Busybox];

    public ImageRecord Resolve(string reference) =>
        TryResolve(reference, out var image) ? image : throw new ImageNotFoundException(reference);

    public bool TryResolve(string reference, out ImageRecord image)
    {
        image = Busybox;
        return reference is "busybox" or "busybox:latest" || reference == Busybox.Id;
    }

    public IReadOnlyList<string> LayerPaths(ImageRecord image) => ["/fake/layer"];
    public Task<ImageRecord> ImportAsync(Stream tarball, string? reference, string? message, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<ImageRecord> TagAsync(string source, string target, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<ImageRecord>> LoadAsync(Stream archive, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task<IReadOnlyList<ImageDeleteResult>> RemoveAsync(string reference, bool force, CancellationToken cancellationToken) => throw new NotSupportedException();
    public Task EnsureBuiltinImageAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
