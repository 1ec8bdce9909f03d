using Dashboard.Engine;
using Dashboard.Engine.Images;

namespace Dashboard.Web.Tests.Fakes;

/// <summary>docker rmi by the real store's rules.</summary>
public sealed partial class FakeImageService
{
    /// <summary>By tag, only that tag goes while others remain; the last tag takes the image (and the layers no
    /// other image lists) with it, unless a container uses it: 409, or with force only the tag goes. By id, every
    /// tag goes; several tags need force.</summary>
    public Task<IReadOnlyList<ImageDeleteResult>> RemoveAsync(string reference, bool force, CancellationToken cancellationToken)
    {
        var id = Resolve(reference).Id;
        // Asked outside the lock: the engine holds its own lock while it resolves images.
        var user = Usage?.ContainerUsing(id);
        lock (_lock)
        {
            var image = _images.Single(i => i.Id == id);
            var tag = reference.StartsWith("sha256:", StringComparison.Ordinal) ? null : FamiliarTag(reference);
            var byTag = tag is not null && image.RepoTags.Contains(tag);
            if (byTag && image.RepoTags.Count > 1) return Done(Untag(image, [tag!]));
            if (user is not null)
            {
                if (!force) throw new ImageInUseException(reference, user);
                return Done(Untag(image, byTag ? [tag!] : image.RepoTags));
            }
            if (!byTag && image.RepoTags.Count > 1 && !force) throw new ImageReferencedByTagsException(reference, image.RepoTags);

            var results = image.RepoTags.Select(t => new ImageDeleteResult(t, null)).ToList();
            _images.Remove(image);
            results.Add(new ImageDeleteResult(null, image.Id));
            results.AddRange(image.Layers.Distinct().Where(l => !_images.Any(i => i.Layers.Contains(l))).Select(l => new ImageDeleteResult(null, l)));
            return Done(results);
        }
    }

    private List<ImageDeleteResult> Untag(ImageRecord image, IReadOnlyList<string> tags)
    {
        _images[_images.IndexOf(image)] = image with { RepoTags = image.RepoTags.Except(tags).ToList() };
        return tags.Select(t => new ImageDeleteResult(t, null)).ToList();
    }

    private static Task<IReadOnlyList<ImageDeleteResult>> Done(List<ImageDeleteResult> results) =>
        Task.FromResult<IReadOnlyList<ImageDeleteResult>>(results);
}
