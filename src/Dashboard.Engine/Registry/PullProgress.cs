namespace Dashboard.Engine.Registry;

/// <summary>One line of pull progress, as Docker's JSON message stream carries it: <paramref name="Id"/> is the tag
/// for the "Pulling from" line and a layer's short digest for the per-layer lines; null for the summary lines.</summary>
public sealed record PullProgress(string? Id, string Status, long? Current = null, long? Total = null);

/// <summary>The outcome of a pull: the image, the manifest digest (the repo digest), and whether anything changed.</summary>
public sealed record PullResult(Images.ImageRecord Image, string ManifestDigest, bool Downloaded, string Reference);
