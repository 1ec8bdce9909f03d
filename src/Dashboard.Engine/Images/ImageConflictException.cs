namespace Dashboard.Engine.Images;

/// <summary>Removing an image by id while several tags name it needs force, as in Docker; maps to 409.</summary>
public sealed class ImageReferencedByTagsException(string reference, IReadOnlyList<string> tags)
    : ConflictException($"conflict: unable to delete {reference} (must be forced) - image is referenced in multiple repositories ({string.Join(", ", tags)})");
