namespace Dashboard.Engine.Images;

/// <summary>
/// The local image store: content-addressed layers unpacked once under the data root and shared read-only by
/// every container. Thread-safe. Image metadata is kept as files in the store (like Docker's image store), not in SQL.
/// </summary>
public interface IImageService
{
    IReadOnlyList<ImageRecord> List();

    /// <summary>Resolves a name ("busybox", "busybox:latest", "docker.io/library/busybox:latest"), a full id or a
    /// unique id prefix. Throws <see cref="ImageNotFoundException"/>.</summary>
    ImageRecord Resolve(string reference);

    bool TryResolve(string reference, out ImageRecord image);

    /// <summary>Absolute paths of the unpacked layer directories, bottom first, for the overlay lowerdir.</summary>
    IReadOnlyList<string> LayerPaths(ImageRecord image);

    /// <summary>docker import: one rootfs tarball (optionally gzip-compressed) becomes a one-layer image.
    /// Throws <see cref="InvalidArchiveException"/> for unsafe or unreadable archives, leaving nothing behind.</summary>
    Task<ImageRecord> ImportAsync(Stream tarball, string? reference, string? message, CancellationToken cancellationToken);

    /// <summary>docker load: a "docker save" archive or an OCI image-layout tarball. Returns the images it holds.</summary>
    Task<IReadOnlyList<ImageRecord>> LoadAsync(Stream archive, CancellationToken cancellationToken);

    /// <summary>docker tag: <paramref name="target"/> ("name:tag") now names the image <paramref name="source"/> resolves
    /// to (a tag that named another image moves). Throws <see cref="ImageNotFoundException"/> or
    /// <see cref="ValidationException"/> for a bad or digest target.</summary>
    Task<ImageRecord> TagAsync(string source, string target, CancellationToken cancellationToken);

    /// <summary>docker rmi. Throws <see cref="ImageInUseException"/> when a container uses it (unless forced and
    /// only a tag is removed), <see cref="ImageNotFoundException"/> when unknown.</summary>
    Task<IReadOnlyList<ImageDeleteResult>> RemoveAsync(string reference, bool force, CancellationToken cancellationToken);

    /// <summary>Creates busybox:latest from the host's static busybox when the store has no images at all.</summary>
    Task EnsureBuiltinImageAsync(CancellationToken cancellationToken);
}

/// <summary>Lets the image store ask whether a container still uses an image, without knowing about containers.</summary>
public interface IImageUsage
{
    /// <summary>Id of one container created from the image, or null.</summary>
    string? ContainerUsing(string imageId);
}
