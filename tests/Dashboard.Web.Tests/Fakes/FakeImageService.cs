using System.Security.Cryptography;
using System.Text;
using Dashboard.Engine;
using Dashboard.Engine.Images;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>
/// An in-memory image store with busybox:latest built in, resolving and tagging by the real reference rules. Import
/// takes any readable tar as one layer; load reads a docker-save archive's manifest.json and config (see
/// <see cref="TestArchives"/>). Nothing is unpacked.
/// </summary>
public sealed partial class FakeImageService : IImageService
{
    public static readonly string BusyboxId = "sha256:" + new string('b', 64);

    private readonly Lock _lock = new();
    private readonly List<ImageRecord> _images =
    [
        new ImageRecord
        {
            Id = BusyboxId,
            RepoTags = ["busybox:latest"],
            Layers = ["sha256:" + new string('1', 64)],
            Config = new ImageConfig { Cmd = ["sh"], Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] },
            Created = DateTimeOffset.UtcNow.AddDays(-3),
            Size = 4_261_234,
        },
    ];

    /// <summary>Set by the fake engine so rmi can refuse an image in use.</summary>
    public IImageUsage? Usage { get; set; }

    public IReadOnlyList<ImageRecord> List()
    {
        lock (_lock) return _images.OrderByDescending(i => i.Created).ToList();
    }

    public ImageRecord Resolve(string reference) =>
        TryResolve(reference, out var image) ? image : throw new ImageNotFoundException(reference);

    /// <summary>As the real store: "sha256:" and bare hex are unique id prefixes, anything else a tag.</summary>
    public bool TryResolve(string reference, out ImageRecord image)
    {
        lock (_lock)
        {
            if (reference.StartsWith("sha256:", StringComparison.Ordinal)) return ByPrefix(reference[7..], reference, out image);
            if (FamiliarTag(reference) is { } tag && _images.FirstOrDefault(i => i.RepoTags.Contains(tag)) is { } tagged)
            {
                image = tagged;
                return true;
            }
            return ByPrefix(reference, reference, out image);
        }
    }

    public IReadOnlyList<string> LayerPaths(ImageRecord image) => [];

    /// <summary>As the real store: the target tag names the source image, moving off any image it named before.</summary>
    public Task<ImageRecord> TagAsync(string source, string target, CancellationToken cancellationToken)
    {
        var image = Resolve(source);
        var tag = FamiliarTag(target) ?? throw new ValidationException("tag", $"invalid reference format: \"{target}\"");
        lock (_lock)
        {
            for (var i = 0; i < _images.Count; i++)
            {
                var tags = _images[i].RepoTags.Where(t => t != tag).ToList();
                if (_images[i].Id == image.Id) tags.Add(tag);
                _images[i] = _images[i] with { RepoTags = tags };
            }
            return Task.FromResult(_images.First(i => i.Id == image.Id));
        }
    }

    public Task EnsureBuiltinImageAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task<ImageRecord> ImportAsync(Stream tarball, string? reference, string? message, CancellationToken cancellationToken)
    {
        var tag = reference is null ? null : FamiliarTag(reference) ?? throw new ValidationException("repository", $"invalid reference format: {reference}");
        var bytes = await FakeArchive.ReadAllAsync(tarball, cancellationToken);
        FakeArchive.Files(bytes); // a tar, or a 400
        var layer = Digest(bytes);
        var created = DateTimeOffset.UtcNow;
        // The real id is the digest of a config that names the layer and the time: each import is a new image.
        var image = new ImageRecord
        {
            Id = Digest(Encoding.UTF8.GetBytes($"{layer} {created:O} {message}")),
            RepoTags = tag is null ? [] : [tag],
            Layers = [layer],
            Created = created,
            Size = bytes.Length,
            Comment = message,
        };
        Add(image);
        return image;
    }

    public async Task<IReadOnlyList<ImageRecord>> LoadAsync(Stream archive, CancellationToken cancellationToken)
    {
        var bytes = await FakeArchive.ReadAllAsync(archive, cancellationToken);
        var result = new List<ImageRecord>();
        foreach (var saved in FakeArchive.DockerSave(FakeArchive.Files(bytes)))
        {
            var image = new ImageRecord
            {
                Id = Digest(saved.Config),
                RepoTags = saved.RepoTags.Select(t => FamiliarTag(t) ?? t).ToList(),
                Layers = saved.Layers.Select(Digest).ToList(),
                Config = new ImageConfig { Cmd = saved.Cmd },
                Created = DateTimeOffset.UtcNow,
                Size = saved.Layers.Sum(l => (long)l.Length),
            };
            Add(image);
            result.Add(image);
        }
        return result;
    }

    /// <summary>A new image takes its tags away from older ones, as in Docker.</summary>
    private void Add(ImageRecord image)
    {
        lock (_lock)
        {
            for (var i = 0; i < _images.Count; i++)
                _images[i] = _images[i] with { RepoTags = _images[i].RepoTags.Except(image.RepoTags).ToList() };
            _images.RemoveAll(i => i.Id == image.Id);
            _images.Add(image);
        }
    }

    private bool ByPrefix(string hex, string reference, out ImageRecord image)
    {
        image = null!;
        if (hex.Length is 0 or > 64 || !hex.All(char.IsAsciiHexDigitLower)) return false;
        var matches = _images.Where(i => i.Id[7..].StartsWith(hex, StringComparison.Ordinal)).Take(2).ToList();
        if (matches.Count > 1) throw new AmbiguousReferenceException(reference);
        if (matches.Count == 0) return false;
        image = matches[0];
        return true;
    }

    /// <summary>"busybox", "library/busybox" and "docker.io/library/busybox:latest" are all "busybox:latest".</summary>
    private static string? FamiliarTag(string reference) =>
        ImageReference.TryParse(reference, out var parsed) && parsed.Digest is null ? parsed.FamiliarTag : null;

    private static string Digest(byte[] bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
}
