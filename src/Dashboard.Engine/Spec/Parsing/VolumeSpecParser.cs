using System.Diagnostics.CodeAnalysis;
using Dashboard.Engine.Volumes;

namespace Dashboard.Engine.Spec.Parsing;

/// <summary>
/// Docker's <c>-v</c> in all three forms: <c>/host/path:/container/path[:MODE]</c> (a bind), <c>name:/container/path[:MODE]</c>
/// (a named volume, created on first use) and <c>/container/path</c> (an anonymous volume). MODE is a comma-separated
/// list of ro, rw and nocopy (nocopy only for volumes). A relative host path ("./data") is refused: the docker CLI
/// sends it as it was typed and the daemon cannot know the client's directory.
/// </summary>
public static class VolumeSpecParser
{
    public static bool TryParse(string? spec, out BindMount? bind, out VolumeMount? volume, [NotNullWhen(false)] out string? error)
    {
        bind = null;
        volume = null;
        var text = spec ?? "";
        var parts = text.Split(':');
        if (parts.Length == 1 && text.StartsWith('/'))
        {
            if (!TryDestination(text, text, out var lone, out error)) return false;
            volume = new VolumeMount { Name = "", Destination = lone, Anonymous = true, Origin = VolumeOrigin.Config };
            return true;
        }
        if (text.StartsWith('/') || parts.Length is < 2 or > 3 || parts.Any(p => p.Length == 0) || parts[0].StartsWith('.') || parts[0].Contains('/'))
        {
            // Binds and every malformed spec: the bind parser's messages say what is wrong.
            if (!BindSpecParser.TryParse(text, out var parsed, out error)) return false;
            bind = parsed;
            return true;
        }
        var name = parts[0];
        if (!VolumeNames.TryValidate(name, out var nameError))
        {
            error = $"invalid volume specification '{text}': {nameError}";
            return false;
        }
        bool readOnly = false, noCopy = false;
        if (parts.Length == 3)
        {
            foreach (var mode in parts[2].Split(','))
            {
                switch (mode)
                {
                    case "ro": readOnly = true; break;
                    case "rw": readOnly = false; break;
                    case "nocopy": noCopy = true; break;
                    default:
                        error = $"invalid volume specification '{text}': invalid mode '{mode}'; use ro, rw or nocopy";
                        return false;
                }
            }
        }
        if (!TryDestination(text, parts[1], out var destination, out error)) return false;
        volume = new VolumeMount { Name = name, Destination = destination, ReadOnly = readOnly, NoCopy = noCopy, Origin = VolumeOrigin.Bind };
        return true;
    }

    private static bool TryDestination(string spec, string path, out string destination, [NotNullWhen(false)] out string? error)
    {
        destination = "";
        if (!path.StartsWith('/'))
        {
            error = $"invalid volume specification '{spec}': the container path '{path}' must be absolute";
            return false;
        }
        destination = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (destination == "/")
        {
            error = $"invalid volume specification '{spec}': the container path cannot be '/'";
            return false;
        }
        error = null;
        return true;
    }
}
