using System.Diagnostics.CodeAnalysis;

namespace Dashboard.Engine.Spec.Parsing;

/// <summary>
/// docker <c>--device /host/path[:/container/path][:permissions]</c>: permissions are a combination of r (read),
/// w (write) and m (mknod), "rwm" by default; without a container path the device keeps its host path.
/// </summary>
public static class DeviceSpecParser
{
    public static bool TryParse(string? text, [NotNullWhen(true)] out DeviceMapping? device, [NotNullWhen(false)] out string? error)
    {
        device = null;
        var spec = (text ?? "").Trim();
        var parts = spec.Split(':', 4);
        string source = parts[0], destination = "", permissions = "rwm";
        switch (parts.Length)
        {
            case 3:
                permissions = parts[2];
                destination = parts[1];
                break;
            case 2 when IsPermissions(parts[1]):
                permissions = parts[1];
                break;
            case 2:
                destination = parts[1];
                break;
            case 1:
                break;
            default:
                error = $"invalid device specification: {spec}: use /host/path[:/container/path][:rwm]";
                return false;
        }
        if (destination.Length == 0) destination = source;
        if (source.Length == 0 || !source.StartsWith('/'))
        {
            error = source.Contains('=')
                ? $"invalid device specification: {spec}: CDI device names are not supported; give the path of a device node, e.g. /dev/fuse"
                : $"invalid device specification: {spec}: the host path must be absolute, e.g. /dev/fuse";
            return false;
        }
        if (!destination.StartsWith('/'))
        {
            error = $"invalid device specification: {spec}: the container path '{destination}' must be absolute";
            return false;
        }
        if (!IsPermissions(permissions))
        {
            error = $"invalid device mode: {permissions} (in --device {spec}): use a combination of r, w and m, e.g. rw";
            return false;
        }
        device = new DeviceMapping(Clean(source), Clean(destination), permissions);
        error = null;
        return true;
    }

    /// <summary>r, w and m, each at most once, at least one.</summary>
    public static bool IsPermissions(string mode) =>
        mode.Length is > 0 and <= 3 && mode.All(c => c is 'r' or 'w' or 'm') && mode.Distinct().Count() == mode.Length;

    /// <summary>The device text in the CLI's form, for messages and inspect.</summary>
    public static string Format(DeviceMapping d) => $"{d.PathOnHost}:{d.PathInContainer}:{d.CgroupPermissions}";

    private static string Clean(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
}
