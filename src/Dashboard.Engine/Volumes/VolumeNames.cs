using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace Dashboard.Engine.Volumes;

/// <summary>Docker's rule for local volume names (moby's volume/local), and the names of anonymous volumes.</summary>
public static partial class VolumeNames
{
    /// <summary>Docker's allowed characters: the name is also a directory under the data root, so "/" and ".." are out.</summary>
    [GeneratedRegex("^[a-zA-Z0-9][a-zA-Z0-9_.-]+$")]
    private static partial Regex Pattern();

    /// <summary>The label Docker (23+) puts on anonymous volumes; prune without --all removes only these.</summary>
    public const string AnonymousLabel = "com.docker.volume.anonymous";

    public const int MaxLength = 255;

    public static bool IsValid(string? name) => name is { Length: <= MaxLength } && Pattern().IsMatch(name);

    public static bool TryValidate(string? name, [NotNullWhen(false)] out string? error)
    {
        if (IsValid(name))
        {
            error = null;
            return true;
        }
        error = name is { Length: > MaxLength }
            ? $"volume name is too long ({name.Length} characters; at most {MaxLength})"
            : $"\"{name}\" includes invalid characters for a local volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host directory, use absolute path";
        return false;
    }

    /// <summary>A new anonymous volume's name: 64 hex characters, like Docker's.</summary>
    public static string NewAnonymous() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
}
