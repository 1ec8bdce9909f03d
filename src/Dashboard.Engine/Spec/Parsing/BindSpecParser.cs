using System.Diagnostics.CodeAnalysis;

namespace Dashboard.Engine.Spec.Parsing;

/// <summary>
/// Docker's <c>-v /host/path:/container/path[:ro|rw]</c>: bind mounts of absolute host paths only. The other forms of
/// -v (a volume name, or a lone container path) are <see cref="VolumeSpecParser"/>'s, which hands binds to this.
/// </summary>
public static class BindSpecParser
{
    public static BindMount Parse(string spec) =>
        TryParse(spec, out var bind, out var error) ? bind : throw new FormatException(error);

    public static bool TryParse(string? spec, [NotNullWhen(true)] out BindMount? bind, [NotNullWhen(false)] out string? error)
    {
        bind = null;
        var parts = (spec ?? "").Split(':');
        if (string.IsNullOrWhiteSpace(spec) || parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0))
        {
            error = $"invalid volume specification '{spec}': expected /host/path:/container/path[:ro|rw]";
            return false;
        }
        var (source, destination) = (parts[0], parts[1]);
        var readOnly = false;
        if (parts.Length == 3)
        {
            switch (parts[2])
            {
                case "ro": readOnly = true; break;
                case "rw": break;
                default:
                    error = $"invalid volume specification '{spec}': invalid mode '{parts[2]}'; use ro or rw";
                    return false;
            }
        }
        if (!source.StartsWith('/'))
        {
            var what = source.Contains('/') || source.StartsWith('.') ? "a relative path" : "a volume name";
            error = $"invalid volume specification '{spec}': source '{source}' is {what}, not an absolute host path";
            return false;
        }
        if (!destination.StartsWith('/'))
        {
            error = $"invalid volume specification '{spec}': the container path '{destination}' must be absolute";
            return false;
        }
        destination = Clean(destination);
        if (destination == "/")
        {
            error = $"invalid volume specification '{spec}': the container path cannot be '/'";
            return false;
        }
        bind = new BindMount(Clean(source), destination, readOnly);
        error = null;
        return true;
    }

    /// <summary>Lexical clean-up like Go's filepath.Clean: "//", "." and ".." folded, no trailing slash.</summary>
    private static string Clean(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
