using Dashboard.Engine;
using Dashboard.Engine.Images;

namespace Dashboard.Web.Components.Tests.Fakes;

/// <summary>An in-memory image store: removal of an image a container uses fails like the real one (409) unless
/// forced; load and import read the whole stream so the page's progress counting is exercised.</summary>
internal sealed class FakeImages : IImageService
{
    private readonly List<ImageRecord> _images = [];
    public HashSet<string> InUse { get; } = new(StringComparer.Ordinal);
    public List<(string Kind, long Bytes, string? Reference)> Received { get; } = [];

    public FakeImages(params ImageRecord[] images) => _images.AddRange(images);

    public static ImageRecord Image(string tag, string hex, int layers = 1, long size = 1 << 20) => new()
    {
        Id = "sha256:" + (hex + new string('0', 64))[..64],
        RepoTags = tag.Length == 0 ? [] : [tag],
        Layers = Enumerable.Range(0, layers).Select(i => $"sha256:{i:x64}").ToList(),
        Size = size,
        Created = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
    };

    public IReadOnlyList<ImageRecord> List() { lock (_images) return _images.ToList(); }

    public ImageRecord Resolve(string reference) =>
        TryResolve(reference, out var image) ? image : throw new ImageNotFoundException(reference);

    public bool TryResolve(string reference, out ImageRecord image)
    {
        image = List().FirstOrDefault(i => i.Id == reference || i.RepoTags.Contains(reference))!;
        return image is not null;
    }

    public IReadOnlyList<string> LayerPaths(ImageRecord image) => [];

    public Task<ImageRecord> TagAsync(string source, string target, CancellationToken cancellationToken) => throw new NotSupportedException();

    public async Task<ImageRecord> ImportAsync(Stream tarball, string? reference, string? message, CancellationToken cancellationToken)
    {
        var bytes = await Drain(tarball, cancellationToken);
        Received.Add(("import", bytes, reference));
        var image = Image(reference ?? "", "cc");
        lock (_images) _images.Add(image);
        return image;
    }

    public async Task<IReadOnlyList<ImageRecord>> LoadAsync(Stream archive, CancellationToken cancellationToken)
    {
        var bytes = await Drain(archive, cancellationToken);
        Received.Add(("load", bytes, null));
        var image = Image("loaded:1", "dd", layers: 3);
        lock (_images) _images.Add(image);
        return [image];
    }

    public Task<IReadOnlyList<ImageDeleteResult>> RemoveAsync(string reference, bool force, CancellationToken cancellationToken)
    {
        var image = Resolve(reference);
        if (InUse.Contains(image.Id) && !force) throw new ImageInUseException(reference, "0123456789abcdef");
        lock (_images) _images.Remove(image);
        return Task.FromResult<IReadOnlyList<ImageDeleteResult>>([new ImageDeleteResult(reference, image.Id)]);
    }

    public Task EnsureBuiltinImageAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task<long> Drain(Stream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[8192];
        long total = 0;
        int read;
        while ((read = await stream.ReadAsync(buffer, cancellationToken)) > 0) total += read;
        return total;
    }
}
