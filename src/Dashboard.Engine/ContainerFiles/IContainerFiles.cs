namespace Dashboard.Engine.ContainerFiles;

/// <summary>
/// Copies into and out of a container (docker cp), running or not. Paths are the container's own: they are resolved
/// in its root as a chroot would resolve them, so no path and no symlink in the container leads a copy outside it. A
/// running (or paused) container is seen as its processes see it, mounts and tmpfs included; any other through a
/// private view of its overlay and binds (see <see cref="PrivateRootView"/>). Errors: <see cref="ContainerNotFoundException"/>
/// and <see cref="ContainerPathNotFoundException"/> (404), <see cref="ValidationException"/> and
/// <see cref="InvalidArchiveException"/> (400), <see cref="ReadOnlyTargetException"/> (403), a conflict when the
/// container stops just as the copy starts (409).
/// </summary>
public interface IContainerFiles
{
    /// <summary>What <paramref name="path"/> is (HEAD /containers/{id}/archive); a final symlink is not followed.</summary>
    Task<PathStat> StatPathAsync(string reference, string path, CancellationToken cancellationToken);

    /// <summary>Opens the archive of <paramref name="path"/> (GET /containers/{id}/archive): its stat is known and the
    /// path exists once this returns, the tar is written by <see cref="ContainerArchive.WriteToAsync"/>. The caller
    /// disposes it; until then a container that is not running stays locked (it cannot start meanwhile).</summary>
    Task<ContainerArchive> ArchivePathAsync(string reference, string path, CancellationToken cancellationToken);

    /// <summary>Extracts the tar (plain or gzip) read from <paramref name="archive"/> into the directory
    /// <paramref name="path"/> (PUT /containers/{id}/archive), as it arrives, holding the container's lock: a stop or
    /// remove waits for the copy to end, as in Docker.</summary>
    Task ExtractToDirectoryAsync(string reference, string path, Stream archive, ExtractOptions options, CancellationToken cancellationToken);

    /// <summary>Opens the export of the container's root file system (GET /containers/{id}/export): its image's files
    /// and its own changes, without binds, volumes or tmpfs. A stopped container stays locked until the export is
    /// disposed; a running one keeps running (its root stays open).</summary>
    Task<ContainerExport> ExportAsync(string reference, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{GetType().Name} cannot export.");
}

/// <summary>An archive of a path in a container, ready to be written. Owns the view of the container's files (and, for a
/// container that is not running, its lock) until disposed.</summary>
public sealed class ContainerArchive : IAsyncDisposable
{
    private readonly ContainerFilesView _view;
    private readonly LocatedPath _located;
    private readonly string _rebaseName;

    internal ContainerArchive(ContainerFilesView view, LocatedPath located, PathStat stat, string rebaseName)
    {
        _view = view;
        _located = located;
        _rebaseName = rebaseName;
        Stat = stat;
    }

    public PathStat Stat { get; }

    /// <summary>Writes the tar stream; once, then dispose.</summary>
    public Task WriteToAsync(Stream output, CancellationToken cancellationToken) =>
        PathArchiver.WriteAsync(_located, _rebaseName, output, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _located.Dispose();
        _view.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>docker export of one container: its root file system without its mounts, written once as a tar stream.
/// Holds what keeps that file system still (the lock of a stopped container, the open root of a running one) until
/// disposed.</summary>
public sealed class ContainerExport : IAsyncDisposable
{
    private readonly ContainerFilesView _view;

    internal ContainerExport(ContainerFilesView view) => _view = view;

    public Task WriteToAsync(Stream output, CancellationToken cancellationToken) =>
        PathArchiver.WriteTreeAsync(_view.Root.Root, output, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _view.Dispose();
        return ValueTask.CompletedTask;
    }
}
