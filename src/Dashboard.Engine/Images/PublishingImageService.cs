using Dashboard.Engine.Events;

namespace Dashboard.Engine.Images;

/// <summary>
/// The image store with its changes published on the engine's event stream (type "image": import, load, untag,
/// delete), so that image changes sit in the same persisted, replayable history as container changes.
/// </summary>
public sealed class PublishingImageService(IImageService inner, EventHub events) : IImageService
{
    public IReadOnlyList<ImageRecord> List() => inner.List();

    public ImageRecord Resolve(string reference) => inner.Resolve(reference);

    public bool TryResolve(string reference, out ImageRecord image) => inner.TryResolve(reference, out image);

    public IReadOnlyList<string> LayerPaths(ImageRecord image) => inner.LayerPaths(image);

    public async Task<ImageRecord> ImportAsync(Stream tarball, string? reference, string? message, CancellationToken cancellationToken)
    {
        var image = await inner.ImportAsync(tarball, reference, message, cancellationToken);
        await PublishAsync(EventActions.Import, image.Id, image.RepoTags.FirstOrDefault() ?? image.Id);
        return image;
    }

    public async Task<IReadOnlyList<ImageRecord>> LoadAsync(Stream archive, CancellationToken cancellationToken)
    {
        var images = await inner.LoadAsync(archive, cancellationToken);
        foreach (var image in images) await PublishAsync(EventActions.Load, image.Id, image.RepoTags.FirstOrDefault() ?? image.Id);
        return images;
    }

    public async Task<ImageRecord> TagAsync(string source, string target, CancellationToken cancellationToken)
    {
        var image = await inner.TagAsync(source, target, cancellationToken);
        await PublishAsync(EventActions.Tag, image.Id, ImageReference.Parse(target).FamiliarTag);
        return image;
    }

    public async Task<IReadOnlyList<ImageDeleteResult>> RemoveAsync(string reference, bool force, CancellationToken cancellationToken)
    {
        var results = await inner.RemoveAsync(reference, force, cancellationToken);
        foreach (var result in results)
        {
            if (result.Untagged is { } tag) await PublishAsync(EventActions.Untag, tag, tag);
            if (result.Deleted is { } id) await PublishAsync(EventActions.Delete, id, reference);
        }
        return results;
    }

    public Task EnsureBuiltinImageAsync(CancellationToken cancellationToken) => inner.EnsureBuiltinImageAsync(cancellationToken);

    private Task PublishAsync(string action, string actorId, string name) =>
        events.PublishAsync(EventTypes.Image, action, actorId, new Dictionary<string, string> { [EventAttributeKeys.Name] = name }, CancellationToken.None);
}
