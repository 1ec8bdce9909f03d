using Microsoft.Extensions.Logging;
using Dashboard.Engine.Registry;

namespace Dashboard.Engine.Images;

/// <summary>A layer a pull has unpacked into a temp directory (null when the store already had it).</summary>
internal sealed record PulledLayer(string DiffId, string? WorkDirectory, long Size);

/// <summary>
/// What a pull needs of the store. Layers are unpacked into tmp/ outside the write gate (several at once, while other
/// imports run); the commit of the layers and the image record happens under the gate, in one short step, so a
/// concurrent rmi never sees a layer that is committed but not yet referenced.
/// </summary>
public sealed partial class ImageService
{
    internal bool HasLayer(string diffId) => _store.HasLayer(diffId);

    internal UnpackBudget NewPullBudget() => new(_limits, NewFreeSpaceGuard());

    /// <summary>Unpacks <paramref name="layer"/> into a new tmp/ directory; the caller commits or deletes it.</summary>
    internal (string WorkDirectory, LayerExtractResult Result) ExtractToTemp(Stream layer, UnpackBudget budget)
    {
        var work = _store.NewTempDirectory();
        try
        {
            var diff = Path.Combine(work, "diff");
            Directory.CreateDirectory(diff);
            return (work, LayerExtractor.Extract(layer, diff, budget));
        }
        catch
        {
            ImageStore.DeleteTree(work);
            throw;
        }
    }

    internal static void DeleteWorkDirectory(string path) => ImageStore.DeleteTree(path);

    /// <summary>Moves the pulled layers into the store and records the image with its tag, all under the write gate.
    /// A failure leaves no layer it added.</summary>
    internal async Task<ImageRecord> CommitPulledAsync(byte[] configBytes, IReadOnlyList<PulledLayer> layers, string? tag, CancellationToken cancellationToken)
    {
        var config = ImageConfigJson.Parse(configBytes, "config");
        await _writeGate.WaitAsync(cancellationToken);
        var added = new List<string>();
        try
        {
            foreach (var layer in layers)
            {
                if (_store.HasLayer(layer.DiffId)) continue;
                if (layer.WorkDirectory is null || !Directory.Exists(layer.WorkDirectory))
                    throw new RegistryException($"layer {layer.DiffId} was removed from the store while the pull ran; pull again");
                if (_store.CommitLayer(layer.WorkDirectory, layer.DiffId, layer.Size)) added.Add(layer.DiffId);
            }
            var image = Register(configBytes, config, tag is null ? [] : [tag]);
            _logger.LogInformation("Pulled image {Id} {Tag}", image.ShortId, tag);
            return image;
        }
        catch
        {
            DropUnreferencedLayers(added);
            throw;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    /// <summary>Tags an image already in the store (a pull that found everything here).</summary>
    internal async Task<ImageRecord> TagExistingAsync(string imageId, string? tag, CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            lock (_lock)
            {
                if (!_images.TryGetValue(imageId, out var image)) throw new ImageNotFoundException(imageId);
                if (tag is not null && (!_tags.TryGetValue(tag, out var current) || current != imageId))
                {
                    _tags[tag] = imageId;
                    _store.WriteRepositories(_tags);
                }
                return WithTags(image);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    public async Task<ImageRecord> TagAsync(string source, string target, CancellationToken cancellationToken)
    {
        var tag = ParseTag(target, "tag") ?? throw new ValidationException("tag", "a target name like name:tag is needed");
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            var image = Resolve(source);
            lock (_lock)
            {
                _tags[tag] = image.Id;
                _store.WriteRepositories(_tags);
                return WithTags(_images[image.Id]);
            }
        }
        finally
        {
            _writeGate.Release();
        }
    }

    internal bool HasImage(string imageId)
    {
        lock (_lock) return _images.TryGetValue(imageId, out var image) && image.Layers.All(_store.HasLayer);
    }
}
