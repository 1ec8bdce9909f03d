using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text.Json;
using Dashboard.Engine;
using Dashboard.Engine.Images;

namespace Dashboard.Web.Tests.DockerApi.Fakes;

/// <summary>An in-memory image store with busybox:latest built in. Load reads a docker-save manifest.json for the
/// tags; import accepts any readable tar. Nothing is unpacked.</summary>
public sealed class FakeImageService : IImageService
{
    private readonly Lock _lock = new();
    private readonly List<ImageRecord> _images = [];

    public FakeImageService()
    {
        _images.Add(new ImageRecord
        {
            Id = "sha256:" + new string('b', 64),
            RepoTags = ["busybox:latest"],
            Layers = ["sha256:" + new string('1', 64)],
            Config = new ImageConfig { Cmd = ["sh"], Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] },
            Created = DateTimeOffset.UtcNow.AddDays(-3),
            Size = 2_000_000,
        });
    }

    /// <summary>Set by the fake engine so rmi can refuse images in use.</summary>
    public IImageUsage? Usage { get; set; }

    public IReadOnlyList<ImageRecord> List()
    {
        lock (_lock) return _images.ToList();
    }

    public ImageRecord Resolve(string reference) =>
        TryResolve(reference, out var image) ? image : throw new ImageNotFoundException(reference);

    public bool TryResolve(string reference, out ImageRecord image)
    {
        var name = Normalize(reference);
        lock (_lock)
        {
            var found = _images.FirstOrDefault(i => i.RepoTags.Contains(name))
                ?? _images.FirstOrDefault(i => i.Id == reference || (reference.Length >= 4 &&
                    (i.Id.StartsWith(reference, StringComparison.Ordinal) || i.Id[7..].StartsWith(reference, StringComparison.Ordinal))));
            image = found!;
            return found is not null;
        }
    }

    public IReadOnlyList<string> LayerPaths(ImageRecord image) => [];

    public async Task<ImageRecord> ImportAsync(Stream tarball, string? reference, string? message, CancellationToken cancellationToken)
    {
        var bytes = await ReadAllAsync(tarball, cancellationToken);
        ReadTar(bytes); // validates
        var id = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));
        var image = new ImageRecord
        {
            Id = id,
            RepoTags = reference is null ? [] : [Normalize(reference)],
            Layers = [id],
            Created = DateTimeOffset.UtcNow,
            Size = bytes.Length,
            Comment = message,
        };
        Add(image);
        return image;
    }

    public async Task<IReadOnlyList<ImageRecord>> LoadAsync(Stream archive, CancellationToken cancellationToken)
    {
        var bytes = await ReadAllAsync(archive, cancellationToken);
        var files = ReadTar(bytes);
        if (!files.TryGetValue("manifest.json", out var manifestBytes))
            throw new InvalidArchiveException("invalid archive: manifest.json not found (is this a \"docker save\" tarball?)");
        using var manifest = JsonDocument.Parse(manifestBytes);
        var result = new List<ImageRecord>();
        foreach (var entry in manifest.RootElement.EnumerateArray())
        {
            var config = entry.GetProperty("Config").GetString()!;
            var image = new ImageRecord
            {
                Id = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(files[config])),
                RepoTags = entry.TryGetProperty("RepoTags", out var tags) && tags.ValueKind == JsonValueKind.Array
                    ? tags.EnumerateArray().Select(t => Normalize(t.GetString()!)).ToList()
                    : [],
                Layers = entry.GetProperty("Layers").EnumerateArray().Select(l => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(files[l.GetString()!]))).ToList(),
                Config = new ImageConfig { Cmd = ["sh"] },
                Created = DateTimeOffset.UtcNow,
                Size = bytes.Length,
            };
            Add(image);
            result.Add(image);
        }
        return result;
    }

    public Task<IReadOnlyList<ImageDeleteResult>> RemoveAsync(string reference, bool force, CancellationToken cancellationToken)
    {
        var image = Resolve(reference);
        var user = Usage?.ContainerUsing(image.Id);
        if (user is not null && !force) throw new ImageInUseException(reference, user);
        var results = new List<ImageDeleteResult>();
        lock (_lock)
        {
            var byTag = image.RepoTags.Contains(Normalize(reference));
            var remaining = byTag ? image.RepoTags.Where(t => t != Normalize(reference)).ToList() : [];
            foreach (var tag in image.RepoTags.Except(remaining)) results.Add(new ImageDeleteResult(tag, null));
            _images.Remove(image);
            if (remaining.Count > 0) _images.Add(image with { RepoTags = remaining });
            else results.Add(new ImageDeleteResult(null, image.Id));
        }
        return Task.FromResult<IReadOnlyList<ImageDeleteResult>>(results);
    }

    public Task EnsureBuiltinImageAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Add(ImageRecord image)
    {
        lock (_lock)
        {
            // A new image takes its tags away from older ones, as in Docker.
            for (var i = 0; i < _images.Count; i++)
                _images[i] = _images[i] with { RepoTags = _images[i].RepoTags.Except(image.RepoTags).ToList() };
            _images.RemoveAll(i => i.Id == image.Id);
            _images.Add(image);
        }
    }

    private static string Normalize(string reference)
    {
        var name = reference;
        if (name.StartsWith("docker.io/library/", StringComparison.Ordinal)) name = name["docker.io/library/".Length..];
        var slash = name.LastIndexOf('/');
        return name.IndexOf(':', slash + 1) < 0 && !name.StartsWith("sha256:", StringComparison.Ordinal) ? name + ":latest" : name;
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static Dictionary<string, byte[]> ReadTar(byte[] bytes)
    {
        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        try
        {
            using var reader = new TarReader(new MemoryStream(bytes));
            while (reader.GetNextEntry() is { } entry)
            {
                if (entry.DataStream is null) continue;
                using var data = new MemoryStream();
                entry.DataStream.CopyTo(data);
                files[entry.Name.TrimStart('.', '/')] = data.ToArray();
            }
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidArchiveException($"invalid tar archive: {e.Message}");
        }
        if (bytes.Length == 0) throw new InvalidArchiveException("invalid tar archive: the archive is empty");
        return files;
    }
}
