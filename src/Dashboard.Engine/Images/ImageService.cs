using Dashboard.Engine.Configuration;
using Dashboard.Engine.Interop;
using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Images;

/// <summary>
/// The local image store (see <see cref="ImageStore"/> for the layout). Reads take a short lock on in-memory
/// metadata; changes (import, load, remove) are serialised by one gate so a layer is never deleted while another
/// operation is about to reference it. Long work (spooling, unpacking) runs outside the metadata lock.
/// </summary>
public sealed partial class ImageService : IImageService
{
    private readonly EngineOptions _options;
    private readonly IImageUsage _usage;
    private readonly ILogger<ImageService> _logger;
    private readonly ImageStore _store;
    private readonly ImageLimits _limits;
    private readonly object _lock = new();
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private readonly SemaphoreSlim _builtinGate = new(1, 1);
    private readonly Dictionary<string, ImageRecord> _images = new(StringComparer.Ordinal); // by id, RepoTags empty
    private readonly Dictionary<string, string> _tags; // familiar "name:tag" -> image id

    public ImageService(EngineOptions options, IImageUsage usage, ILogger<ImageService> logger)
    {
        _options = options;
        _usage = usage;
        _logger = logger;
        _limits = ImageLimits.From(options);
        _store = new ImageStore(options.DataRoot);
        _store.CleanTemp();
        foreach (var image in _store.ReadImages())
        {
            if (image.Layers.FirstOrDefault(l => !_store.HasLayer(l)) is { } missing)
            {
                _logger.LogWarning("Image {Id} is missing layer {Layer}; ignoring it", image.ShortId, missing);
                continue;
            }
            _images[image.Id] = image;
        }
        _tags = _store.ReadRepositories()
            .Where(t => _images.ContainsKey(t.Value))
            .ToDictionary(t => t.Key, t => t.Value, StringComparer.Ordinal);
        // A crash between unpacking a layer and recording its image leaves a layer nothing lists: collect it.
        var used = _images.Values.SelectMany(i => i.Layers).Select(ImageStore.Hex).ToHashSet(StringComparer.Ordinal);
        foreach (var orphan in _store.LayerHexes().Where(h => !used.Contains(h)))
        {
            _logger.LogInformation("Deleting unreferenced layer {Layer}", orphan);
            _store.DeleteLayer("sha256:" + orphan);
        }
    }

    /// <summary>Free bytes on the file system of a path (statvfs); tests replace it to run out of space on cue.</summary>
    internal Func<string, long> AvailableBytes { get; set; } = LibC.AvailableBytes;

    public IReadOnlyList<ImageRecord> List()
    {
        lock (_lock)
            return _images.Values.Select(WithTags).OrderByDescending(i => i.Created).ThenBy(i => i.Id, StringComparer.Ordinal).ToList();
    }

    public ImageRecord Resolve(string reference)
    {
        if (ImageReference.TryParse(reference, out var parsed) && parsed.Digest is not null)
            throw new ValidationException("image", $"digest references like \"{reference}\" are not supported: this engine keeps images by tag and id; use a tag or the image id");
        lock (_lock)
        {
            if (TryResolveLocked(reference, out var image)) return WithTags(image);
        }
        if (parsed is null && !LooksLikeId(reference)) ImageReference.Parse(reference); // throws a ValidationException saying why
        throw new ImageNotFoundException(reference);
    }

    public bool TryResolve(string reference, out ImageRecord image)
    {
        lock (_lock)
        {
            if (TryResolveLocked(reference, out var found))
            {
                image = WithTags(found);
                return true;
            }
        }
        image = null!;
        return false;
    }

    public IReadOnlyList<string> LayerPaths(ImageRecord image) => image.Layers.Select(_store.DiffDirectory).ToList();

    private bool TryResolveLocked(string reference, out ImageRecord image)
    {
        image = null!;
        if (string.IsNullOrEmpty(reference)) return false;
        if (reference.StartsWith("sha256:", StringComparison.Ordinal))
            return IsHex(reference[7..]) && TryFindByPrefix(reference[7..], reference, out image);
        if (ImageReference.TryParse(reference, out var parsed) && parsed.Digest is null
            && _tags.TryGetValue(parsed.FamiliarTag, out var id) && _images.TryGetValue(id, out image!))
            return true;
        return LooksLikeId(reference) && TryFindByPrefix(reference, reference, out image);
    }

    /// <summary>Docker resolves any unique prefix of the hex id; an ambiguous one is an error, not a guess.</summary>
    private bool TryFindByPrefix(string hexPrefix, string reference, out ImageRecord image)
    {
        image = null!;
        var matches = _images.Values.Where(i => ImageStore.Hex(i.Id).StartsWith(hexPrefix, StringComparison.Ordinal)).Take(2).ToList();
        if (matches.Count > 1) throw new AmbiguousReferenceException(reference);
        if (matches.Count == 0) return false;
        image = matches[0];
        return true;
    }

    private static bool LooksLikeId(string s) => s.Length is > 0 and <= 64 && IsHex(s);

    private static bool IsHex(string s) => s.Length > 0 && s.All(char.IsAsciiHexDigitLower);

    private ImageRecord WithTags(ImageRecord image) => image with { RepoTags = TagsOfLocked(image.Id) };

    private List<string> TagsOfLocked(string imageId) =>
        _tags.Where(t => t.Value == imageId).Select(t => t.Key).Order(StringComparer.Ordinal).ToList();
}
