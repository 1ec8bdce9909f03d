using Dashboard.Engine.Images;

namespace Dashboard.Web.Access;

/// <summary>The Images page's actions: load (docker load), import (docker import) and remove.</summary>
public sealed partial class UiActions
{
    private IImageService Images => services.GetRequiredService<IImageService>();

    /// <summary>Loads a docker-save or OCI archive from <paramref name="open"/> (opened only once allowed); audited as
    /// "image.load" on the loaded names, with the file name as the detail. Returns the names.</summary>
    public async Task<IReadOnlyList<string>> LoadImagesAsync(Func<Stream> open, string fileName, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ChangeImages);
        await using var stream = open();
        var images = await Images.LoadAsync(stream, cancellationToken);
        var names = images.Select(i => i.RepoTags.FirstOrDefault() ?? i.ShortId).ToList();
        await Audit.RecordAsync(user, "image.load", string.Join(", ", names), fileName);
        return names;
    }

    /// <summary>Imports a rootfs tarball as a one-layer image named <paramref name="reference"/>; "image.import".</summary>
    public async Task<IReadOnlyList<string>> ImportImageAsync(Func<Stream> open, string? reference, string fileName, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ChangeImages);
        await using var stream = open();
        var image = await Images.ImportAsync(stream, reference, $"imported from {fileName}", cancellationToken);
        IReadOnlyList<string> names = [image.RepoTags.FirstOrDefault() ?? image.ShortId];
        await Audit.RecordAsync(user, "image.import", string.Join(", ", names), fileName);
        return names;
    }

    /// <summary>Removes an image by reference (<paramref name="force"/>: untag even if a container uses it);
    /// "image.remove", with "force" as the detail when forced.</summary>
    public async Task<IReadOnlyList<ImageDeleteResult>> RemoveImageAsync(string reference, bool force, CancellationToken cancellationToken)
    {
        var user = await DemandAsync(UiPermission.ChangeImages);
        var results = await Images.RemoveAsync(reference, force, cancellationToken);
        await Audit.RecordAsync(user, "image.remove", reference, force ? "force" : null);
        return results;
    }
}
