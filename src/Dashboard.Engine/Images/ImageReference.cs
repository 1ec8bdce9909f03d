using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Dashboard.Engine.Images;

/// <summary>
/// A normalised image name as Docker reads it: "busybox", "library/busybox" and "docker.io/library/busybox:latest"
/// are all the familiar tag "busybox:latest"; other registries ("registry:5000/x/y:tag") are kept as written.
/// Digest references (name@sha256:...) are parsed so they can be rejected with a clear message.
/// </summary>
public sealed partial record ImageReference(string? Domain, string Path, string Tag, string? Digest)
{
    private const string DefaultDomain = "docker.io";
    private const string DefaultTag = "latest";

    // The grammar of distribution/reference: lower-case path components joined by ".", "_", "__" or dashes.
    [GeneratedRegex(@"^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$")]
    private static partial Regex PathComponent();

    [GeneratedRegex(@"^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\.(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?))*(?::[0-9]+)?$|^\[[a-fA-F0-9:]+\](?::[0-9]+)?$")]
    private static partial Regex DomainPattern();

    [GeneratedRegex(@"^[\w][\w.-]{0,127}$")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"^sha256:[a-f0-9]{64}$")]
    private static partial Regex DigestPattern();

    [GeneratedRegex(@"^[a-f0-9]{64}$")]
    private static partial Regex FullHexId();

    /// <summary>The name without tag in Docker's familiar form: "busybox", "user/app", "registry:5000/x/y".</summary>
    public string FamiliarName => Domain is null ? Path : $"{Domain}/{Path}";

    /// <summary>"name:tag" in familiar form, the key of the tag store and of <see cref="ImageRecord.RepoTags"/>.</summary>
    public string FamiliarTag => $"{FamiliarName}:{Tag}";

    public override string ToString() => Digest is null ? FamiliarTag : $"{FamiliarName}@{Digest}";

    /// <summary>Parses and normalises <paramref name="reference"/>; throws <see cref="ValidationException"/> with an
    /// actionable message when it is not a valid image reference.</summary>
    public static ImageReference Parse(string reference, string field = "image")
    {
        if (TryParse(reference, out var parsed, out var error)) return parsed;
        throw new ValidationException(field, error);
    }

    public static bool TryParse(string? reference, [NotNullWhen(true)] out ImageReference? parsed) =>
        TryParse(reference, out parsed, out _);

    private static bool TryParse(string? reference, [NotNullWhen(true)] out ImageReference? parsed, out string error)
    {
        parsed = null;
        error = "";
        if (string.IsNullOrWhiteSpace(reference))
        {
            error = "image reference is empty";
            return false;
        }
        if (reference.Length > 255)
        {
            error = $"invalid reference format: repository name must not be longer than 255 characters";
            return false;
        }
        var rest = reference;
        string? digest = null;
        var at = rest.IndexOf('@');
        if (at >= 0)
        {
            digest = rest[(at + 1)..];
            rest = rest[..at];
            if (!DigestPattern().IsMatch(digest))
            {
                error = $"invalid reference format: \"{reference}\" has a malformed digest (expected sha256:<64 hex digits>)";
                return false;
            }
        }
        string? tag = null;
        var lastColon = rest.LastIndexOf(':');
        if (lastColon > rest.LastIndexOf('/'))
        {
            tag = rest[(lastColon + 1)..];
            rest = rest[..lastColon];
            if (!TagPattern().IsMatch(tag))
            {
                error = $"invalid reference format: tag \"{tag}\" in \"{reference}\" may only contain letters, digits, '_', '.' and '-' (at most 128)";
                return false;
            }
        }
        string? domain = null;
        var slash = rest.IndexOf('/');
        if (slash > 0)
        {
            var first = rest[..slash];
            if (first.Contains('.') || first.Contains(':') || first == "localhost" || first.Any(char.IsUpper))
            {
                domain = first;
                rest = rest[(slash + 1)..];
                if (!DomainPattern().IsMatch(domain))
                {
                    error = $"invalid reference format: \"{domain}\" is not a valid registry host";
                    return false;
                }
            }
        }
        if (rest.Length == 0 || rest.Split('/').Any(c => !PathComponent().IsMatch(c)))
        {
            error = rest.Any(char.IsUpper)
                ? $"invalid reference format: repository name \"{rest}\" must be lowercase"
                : $"invalid reference format: \"{reference}\" is not a valid image name (lower-case letters, digits and separators '.', '_', '-', '/')";
            return false;
        }
        if (domain is null && FullHexId().IsMatch(rest))
        {
            error = $"invalid reference format: repository name \"{rest}\" cannot be a 64-character hexadecimal string (that is an image id)";
            return false;
        }
        if (domain is "docker.io" or "index.docker.io") domain = null;
        if (domain is null && rest.StartsWith("library/", StringComparison.Ordinal) && rest.Count(c => c == '/') == 1)
            rest = rest["library/".Length..];
        parsed = new ImageReference(domain, rest, tag ?? DefaultTag, digest);
        return true;
    }

    /// <summary>The registry that holds the image: "docker.io" when the name has no registry part.</summary>
    public string Registry => Domain ?? DefaultDomain;

    /// <summary>The repository path in the registry's API: Docker Hub's official images live under "library/".</summary>
    public string RepositoryPath => Domain is null && !Path.Contains('/') ? "library/" + Path : Path;

    /// <summary>The fully qualified form ("docker.io/library/busybox:latest"), as containerd annotations carry it.</summary>
    public string FullyQualified
    {
        get
        {
            var domain = Domain ?? DefaultDomain;
            var path = Domain is null && !Path.Contains('/') ? "library/" + Path : Path;
            return $"{domain}/{path}:{Tag}";
        }
    }
}
