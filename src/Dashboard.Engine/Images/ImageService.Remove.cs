using Microsoft.Extensions.Logging;

namespace Dashboard.Engine.Images;

// docker rmi and the built-in image.
public sealed partial class ImageService
{
    /// <summary>
    /// Docker's rules: by tag, only that tag goes while others remain; the last tag takes the image with it unless a
    /// container uses it (409, or with force only the tag goes). By id, every tag goes and the image is deleted;
    /// several tags need force; a container using it means 409, or with force the tags go and the data stays.
    /// Layers are deleted when no remaining image lists them.
    /// </summary>
    public async Task<IReadOnlyList<ImageDeleteResult>> RemoveAsync(string reference, bool force, CancellationToken cancellationToken)
    {
        var image = Resolve(reference); // fail fast (404/400) without waiting for other changes
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            // Only changes move tags, and they hold the gate: this resolution stays true until we are done.
            image = Resolve(reference);
            // Asked outside the metadata lock: the container engine may hold its own lock while it resolves images.
            var user = _usage.ContainerUsing(image.Id);
            var results = new List<ImageDeleteResult>();
            string[] orphanLayers;
            lock (_lock)
            {
                var tags = TagsOfLocked(image.Id);
                var byTag = ImageReference.TryParse(reference, out var parsed) && parsed.Digest is null
                    && _tags.TryGetValue(parsed.FamiliarTag, out var tagged) && tagged == image.Id
                    && !reference.StartsWith("sha256:", StringComparison.Ordinal);

                if (byTag && tags.Count > 1)
                    return Untag([parsed!.FamiliarTag]);
                if (user is not null)
                {
                    if (!force) throw new ImageInUseException(reference, user);
                    return Untag(byTag ? [parsed!.FamiliarTag] : tags);
                }
                if (!byTag && tags.Count > 1 && !force) throw new ImageReferencedByTagsException(reference, tags);

                results.AddRange(Untag(tags));
                _images.Remove(image.Id);
                _store.DeleteImage(image.Id);
                results.Add(new ImageDeleteResult(null, image.Id));
                orphanLayers = image.Layers.Distinct().Where(l => !_images.Values.Any(i => i.Layers.Contains(l))).ToArray();
            }
            foreach (var layer in orphanLayers)
            {
                _store.DeleteLayer(layer);
                results.Add(new ImageDeleteResult(null, layer));
            }
            _logger.LogInformation("Removed image {Id}", image.ShortId);
            return results;
        }
        finally
        {
            _writeGate.Release();
        }
    }

    private List<ImageDeleteResult> Untag(IReadOnlyList<string> tags)
    {
        if (tags.Count == 0) return [];
        foreach (var tag in tags) _tags.Remove(tag);
        _store.WriteRepositories(_tags);
        return tags.Select(t => new ImageDeleteResult(t, null)).ToList();
    }

    public async Task EnsureBuiltinImageAsync(CancellationToken cancellationToken)
    {
        // A separate gate: two concurrent first starts must not build two images.
        await _builtinGate.WaitAsync(cancellationToken);
        try
        {
            await EnsureBuiltinCoreAsync(cancellationToken);
        }
        finally
        {
            _builtinGate.Release();
        }
    }

    private async Task EnsureBuiltinCoreAsync(CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (_images.Count > 0) return;
        }
        var busybox = _options.BusyboxPath;
        if (!File.Exists(busybox))
        {
            _logger.LogWarning("No images and no static busybox at {Path}: the built-in busybox:latest image was not created. Install busybox-static or set Engine:BusyboxPath", busybox);
            return;
        }
        if (!BuiltinImage.IsStaticElf(busybox))
        {
            _logger.LogWarning("{Path} is not a statically linked binary, so it cannot run alone in an image: the built-in busybox:latest image was not created. Install busybox-static", busybox);
            return;
        }
        IReadOnlyList<string> applets;
        try
        {
            applets = BuiltinImage.ListApplets(busybox);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            _logger.LogWarning(e, "Could not list the applets of {Path}; the built-in image gets only /bin/sh", busybox);
            applets = [];
        }
        var work = _store.NewTempDirectory();
        try
        {
            var tar = Path.Combine(work, "rootfs.tar");
            await using (var output = File.Create(tar))
                BuiltinImage.WriteRootfs(output, busybox, applets);
            await using var input = File.OpenRead(tar);
            var image = await ImportCoreAsync(input, BuiltinImage.Reference, "built-in image from the host's static busybox",
                BuiltinImage.Config, $"dashboard builtin from {busybox}", cancellationToken,
                Math.Min(_limits.FreeSpaceReserveBytes, BuiltinImage.FreeSpaceMargin));
            _logger.LogInformation("Created the built-in image {Tag} ({Id}) with {Count} applets", BuiltinImage.Reference, image.ShortId, applets.Count);
        }
        finally
        {
            ImageStore.DeleteTree(work);
        }
    }
}
