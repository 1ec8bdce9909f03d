using System.Security.Cryptography;
using Dashboard.Engine;
using Dashboard.Engine.Images;

namespace Dashboard.Web.Tests.NativeApi.Fakes;

/// <summary>An in-memory image store. An "archive" is any body starting with "TAR:"; anything else is rejected
/// as the real store rejects a file that is not a tarball.</summary>
public sealed class FakeImageService : IImageService
{
    private readonly object _gate = new();
    private readonly List<ImageRecord> _images = [];

    /// <summary>Set by the fake engine so rmi can answer 409 for an image in use.</summary>
    public IImageUsage? Usage { get; set; }

    public FakeImageService() => Add("busybox:latest", cmd: ["sh"], size: 4_261_234);

    public ImageRecord Add(string? tag, IReadOnlyList<string>? cmd = null, long size = 1000, string? seed = null)
    {
        var id = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(seed ?? tag ?? Guid.NewGuid().ToString())));
        var image = new ImageRecord
        {
            Id = id,
            RepoTags = tag is null ? [] : [tag],
            Layers = ["sha256:" + new string('a', 64)],
            Config = new ImageConfig { Cmd = cmd },
            Created = DateTimeOffset.UtcNow.AddDays(-3),
            Size = size,
        };
        lock (_gate) _images.Add(image);
        return image;
    }

    public IReadOnlyList<ImageRecord> List() { lock (_gate) return _images.ToArray(); }

    public ImageRecord Resolve(string reference) =>
        TryResolve(reference, out var image) ? image : throw new ImageNotFoundException(reference);

    public bool TryResolve(string reference, out ImageRecord image)
    {
        var name = Normalize(reference);
        lock (_gate)
        {
            image = _images.FirstOrDefault(i => i.Id == reference || i.RepoTags.Contains(name)
                || (reference.Length >= 4 && i.Id[7..].StartsWith(reference.Replace("sha256:", ""), StringComparison.Ordinal)))!;
        }
        return image is not null;
    }

    public IReadOnlyList<string> LayerPaths(ImageRecord image) => ["/nonexistent/" + image.Id];

    public async Task<ImageRecord> ImportAsync(Stream tarball, string? reference, string? message, CancellationToken cancellationToken)
    {
        var content = await ReadArchiveAsync(tarball, cancellationToken);
        var image = Add(reference is null ? null : Normalize(reference), size: content.Length, seed: content) with { Comment = message };
        lock (_gate) _images[^1] = image;
        return image;
    }

    public async Task<IReadOnlyList<ImageRecord>> LoadAsync(Stream archive, CancellationToken cancellationToken)
    {
        var content = await ReadArchiveAsync(archive, cancellationToken);
        var tag = content["TAR:".Length..].Trim();
        return [Add(tag.Length == 0 ? null : Normalize(tag), seed: content)];
    }

    public Task<IReadOnlyList<ImageDeleteResult>> RemoveAsync(string reference, bool force, CancellationToken cancellationToken)
    {
        var image = Resolve(reference);
        if (!force && Usage?.ContainerUsing(image.Id) is { } user) throw new ImageInUseException(reference, user);
        lock (_gate) _images.RemoveAll(i => i.Id == image.Id);
        IReadOnlyList<ImageDeleteResult> result = [.. image.RepoTags.Select(t => new ImageDeleteResult(t, null)), new ImageDeleteResult(null, image.Id)];
        return Task.FromResult(result);
    }

    public Task EnsureBuiltinImageAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Normalize(string reference)
    {
        var name = reference.StartsWith("docker.io/library/", StringComparison.Ordinal) ? reference["docker.io/library/".Length..] : reference;
        return name.Contains(':') || name.StartsWith("sha256", StringComparison.Ordinal) ? name : name + ":latest";
    }

    private static async Task<string> ReadArchiveAsync(Stream stream, CancellationToken ct)
    {
        using var reader = new StreamReader(stream);
        var content = await reader.ReadToEndAsync(ct);
        if (!content.StartsWith("TAR:", StringComparison.Ordinal))
            throw new InvalidArchiveException("the archive is not a tar file: unexpected header");
        return content;
    }
}
