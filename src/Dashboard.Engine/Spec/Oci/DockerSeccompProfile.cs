using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dashboard.Engine.Spec.Oci;

// Docker's seccomp profile format (moby profiles/seccomp, the JSON `docker run --security-opt seccomp=FILE` sends):
// the OCI fields plus archMap, per-syscall "name" (legacy) and includes/excludes by capability, architecture and
// kernel version. Field names are matched without regard to case, as Go's encoding/json does.

public sealed record DockerSeccompProfile(
    string? DefaultAction,
    uint? DefaultErrnoRet,
    IReadOnlyList<string>? Architectures,
    IReadOnlyList<DockerSeccompArchMap>? ArchMap,
    IReadOnlyList<DockerSeccompSyscall>? Syscalls,
    IReadOnlyList<string>? Flags,
    string? ListenerPath,
    string? ListenerMetadata)
{
    public static readonly IReadOnlySet<string> Actions = new HashSet<string>(StringComparer.Ordinal)
    {
        "SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP", "SCMP_ACT_ERRNO",
        "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG",
    };

    public static readonly IReadOnlySet<string> Operators = new HashSet<string>(StringComparer.Ordinal)
    {
        "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
    };

    public static readonly IReadOnlySet<string> FilterFlags = new HashSet<string>(StringComparer.Ordinal)
    {
        "SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW",
    };

    /// <summary>No default action and no rules: Docker runs such a profile as no filter at all.</summary>
    public bool IsEmpty => string.IsNullOrEmpty(DefaultAction) && (Syscalls is null || Syscalls.Count == 0);

    /// <summary>Parses and checks a profile, so that a mistake is a 400 at create rather than a failed start.</summary>
    public static bool TryParse(string json, [NotNullWhen(true)] out DockerSeccompProfile? profile, [NotNullWhen(false)] out string? error)
    {
        profile = null;
        try
        {
            profile = JsonSerializer.Deserialize(json, DockerSeccompJsonContext.Default.DockerSeccompProfile);
        }
        catch (JsonException ex)
        {
            error = $"Decoding seccomp profile failed: {ex.Message}";
            return false;
        }
        if (profile is null)
        {
            error = "Decoding seccomp profile failed: the profile is null";
            return false;
        }
        error = profile.Check();
        if (error is null) return true;
        profile = null;
        return false;
    }

    private string? Check()
    {
        if (IsEmpty) return null;
        if (!string.IsNullOrEmpty(ListenerPath) || DefaultAction == "SCMP_ACT_NOTIFY")
            return "the seccomp profile uses a notify listener (listenerPath, SCMP_ACT_NOTIFY), which this engine does not support";
        if (string.IsNullOrEmpty(DefaultAction)) return "the seccomp profile has no defaultAction: set one, e.g. SCMP_ACT_ERRNO";
        if (!Actions.Contains(DefaultAction)) return $"the seccomp profile's defaultAction '{DefaultAction}' is not one of {string.Join(", ", Actions)}";
        if (Architectures is { Count: > 0 } && ArchMap is { Count: > 0 })
            return "'architectures' and 'archMap' were specified in the seccomp profile, use either 'architectures' or 'archMap'";
        foreach (var arch in (Architectures ?? []).Concat((ArchMap ?? []).SelectMany(a => (a.SubArchitectures ?? []).Append(a.Architecture ?? ""))))
            if (!arch.StartsWith("SCMP_ARCH_", StringComparison.Ordinal)) return $"unknown architecture '{arch}' in the seccomp profile: use names like SCMP_ARCH_X86_64";
        foreach (var flag in Flags ?? [])
            if (!FilterFlags.Contains(flag)) return $"unknown seccomp flag '{flag}': use {string.Join(", ", FilterFlags)}";
        for (var i = 0; i < (Syscalls?.Count ?? 0); i++)
        {
            var call = Syscalls![i];
            var what = $"syscalls[{i}]";
            if (call is null) return $"{what} of the seccomp profile is null";
            if (!string.IsNullOrEmpty(call.Name) && call.Names is { Count: > 0 })
                return "'name' and 'names' were specified in the seccomp profile, use either 'name' or 'names'";
            if (string.IsNullOrEmpty(call.Name) && call.Names is not { Count: > 0 }) return $"{what} of the seccomp profile names no system call";
            if (call.Action is null || !Actions.Contains(call.Action))
                return $"{what} of the seccomp profile has action '{call.Action}'; use one of {string.Join(", ", Actions)}";
            foreach (var arg in call.Args ?? [])
            {
                if (arg is null || arg.Op is null || !Operators.Contains(arg.Op))
                    return $"{what} of the seccomp profile has an argument with operator '{arg?.Op}'; use one of {string.Join(", ", Operators)}";
                if (arg.Index > 5) return $"{what} of the seccomp profile compares argument {arg.Index}; system calls have arguments 0 to 5";
            }
            foreach (var filter in new[] { call.Includes, call.Excludes })
                if (filter?.MinKernel is { } minKernel && KernelVersion.TryParse(minKernel) is null)
                    return $"{what} of the seccomp profile has an invalid minKernel '{minKernel}': use a version like 4.8";
        }
        return null;
    }
}

public sealed record DockerSeccompArchMap(string? Architecture, IReadOnlyList<string>? SubArchitectures);

public sealed record DockerSeccompSyscall(
    string? Name,
    IReadOnlyList<string>? Names,
    string? Action,
    uint? ErrnoRet,
    IReadOnlyList<DockerSeccompArg>? Args,
    string? Comment,
    DockerSeccompFilter? Includes,
    DockerSeccompFilter? Excludes);

public sealed record DockerSeccompArg(uint Index, ulong Value, ulong ValueTwo, string? Op);

public sealed record DockerSeccompFilter(IReadOnlyList<string>? Caps, IReadOnlyList<string>? Arches, string? MinKernel);

/// <summary>"4.8" or "5.10.0-foo" to a comparable version (major.minor).</summary>
public static class KernelVersion
{
    public static Version? TryParse(string release)
    {
        var parts = release.Split('.', '-', '+');
        if (parts.Length < 2 || !int.TryParse(parts[0], out var major) || !int.TryParse(parts[1], out var minor) || major < 0 || minor < 0)
            return null;
        return new Version(major, minor);
    }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.Strict, ReadCommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true)]
[JsonSerializable(typeof(DockerSeccompProfile))]
internal sealed partial class DockerSeccompJsonContext : JsonSerializerContext;
