using System.Runtime.InteropServices;

namespace Dashboard.Engine.Registry;

/// <summary>
/// Picks the manifest for one platform from a manifest list or OCI index, as containerd's matcher does: same OS and
/// architecture, then the requested variant (arm64 defaults to v8), then an entry without a variant. Attestation
/// manifests (platform unknown/unknown) never match.
/// </summary>
internal static class PlatformSelector
{
    public static PlatformSpec Host => new("linux", Images.ImageConfigJson.HostArchitecture,
        RuntimeInformation.OSArchitecture == Architecture.Arm64 ? "v8" : null);

    /// <summary>Parses docker pull --platform ("linux/arm64/v8", "linux/amd64").</summary>
    public static PlatformSpec Parse(string platform)
    {
        var parts = platform.ToLowerInvariant().Split('/');
        if (parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
            throw new ValidationException("platform", $"\"{platform}\" is not a platform: use os/arch[/variant], e.g. linux/amd64");
        return new PlatformSpec(parts[0], parts[1], parts.Length == 3 ? parts[2] : null);
    }

    public static Descriptor? Select(IReadOnlyList<Descriptor> manifests, PlatformSpec wanted)
    {
        var candidates = manifests.Where(m => m.Platform is { } p
            && p.Os.Equals(wanted.Os, StringComparison.OrdinalIgnoreCase)
            && p.Architecture.Equals(wanted.Architecture, StringComparison.OrdinalIgnoreCase)).ToList();
        return candidates.FirstOrDefault(m => VariantEquals(m.Platform!.Variant, wanted))
            ?? candidates.FirstOrDefault(m => string.IsNullOrEmpty(m.Platform!.Variant));
    }

    private static bool VariantEquals(string? variant, PlatformSpec wanted) =>
        string.Equals(Normalise(variant, wanted.Architecture), Normalise(wanted.Variant, wanted.Architecture), StringComparison.OrdinalIgnoreCase);

    private static string? Normalise(string? variant, string architecture) =>
        string.IsNullOrEmpty(variant) ? architecture == "arm64" ? "v8" : null : variant;

    public static string Describe(PlatformSpec p) => p.Variant is null ? $"{p.Os}/{p.Architecture}" : $"{p.Os}/{p.Architecture}/{p.Variant}";
}
