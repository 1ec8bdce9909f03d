using System.Runtime.InteropServices;
using Dashboard.Engine.Interop;

namespace Dashboard.Engine.Spec;

/// <summary>
/// Looks up device nodes on the host (I/O, so apart from the pure generator): a --device path is a character or
/// block device, or a directory whose device nodes are all mapped (moby's DevicesFromPath); a privileged container
/// gets every node under /dev except the pseudo-terminal, shared-memory and message-queue directories and the
/// console (runc's HostDevices).
/// </summary>
public static class DeviceNodes
{
    private static readonly IReadOnlySet<string> s_skippedDirectories =
        new HashSet<string>(StringComparer.Ordinal) { "pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts", ".udev" };

    /// <exception cref="ValidationException">Field "device": the path is missing or holds no device node.</exception>
    public static IReadOnlyList<ResolvedDevice> Resolve(DeviceMapping mapping)
    {
        var status = LibC.Stat(mapping.PathOnHost, noFollow: false, out var errno);
        if (status is null)
            throw new ValidationException("device", $"error gathering device information while adding custom device \"{mapping.PathOnHost}\": {Marshal.GetPInvokeErrorMessage(errno).ToLowerInvariant()}");
        if (status.Value.Type == LibC.S_IFDIR)
        {
            var devices = new List<ResolvedDevice>();
            foreach (var file in Directory.EnumerateFiles(mapping.PathOnHost, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            {
                var relative = Path.GetRelativePath(mapping.PathOnHost, file);
                if (FromPath(file, Path.Combine(mapping.PathInContainer, relative), mapping.CgroupPermissions) is { } device) devices.Add(device);
            }
            if (devices.Count == 0)
                throw new ValidationException("device", $"--device {mapping.PathOnHost}: the directory holds no device nodes");
            return devices;
        }
        return FromPath(mapping.PathOnHost, mapping.PathInContainer, mapping.CgroupPermissions) is { } node
            ? [node]
            : throw new ValidationException("device", $"error gathering device information while adding custom device \"{mapping.PathOnHost}\": not a device node");
    }

    /// <summary>Every device node under <paramref name="root"/> (the host's /dev), for a privileged container.</summary>
    public static IReadOnlyList<ResolvedDevice> HostDevices(string root = "/dev")
    {
        var devices = new List<ResolvedDevice>();
        void Walk(string directory)
        {
            IEnumerable<string> entries;
            try { entries = Directory.EnumerateFileSystemEntries(directory).Order(StringComparer.Ordinal).ToList(); }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { return; }
            foreach (var entry in entries)
            {
                var name = Path.GetFileName(entry);
                var status = LibC.Stat(entry, noFollow: true, out _);
                if (status is null) continue;
                if (status.Value.Type == LibC.S_IFDIR)
                {
                    if (!s_skippedDirectories.Contains(name)) Walk(entry);
                    continue;
                }
                if (name == "console") continue;
                if (FromStatus(entry, entry, "rwm", status.Value) is { } device) devices.Add(device);
            }
        }
        Walk(root);
        return devices;
    }

    private static ResolvedDevice? FromPath(string hostPath, string containerPath, string permissions)
    {
        var status = LibC.Stat(hostPath, noFollow: false, out _);
        return status is null ? null : FromStatus(hostPath, containerPath, permissions, status.Value);
    }

    private static ResolvedDevice? FromStatus(string hostPath, string containerPath, string permissions, LibC.FileStatus status)
    {
        var type = status.Type switch
        {
            LibC.S_IFCHR => "c",
            LibC.S_IFBLK => "b",
            _ => null,
        };
        return type is null ? null
            : new ResolvedDevice(containerPath, type, status.RdevMajor, status.RdevMinor, status.Permissions, status.Uid, status.Gid, permissions);
    }
}
