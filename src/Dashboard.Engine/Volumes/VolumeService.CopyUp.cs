using Dashboard.Engine.Runtime;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Volumes;

public sealed partial class VolumeService
{
    /// <summary>
    /// Docker's copy-up: an empty volume mounted where the image has a directory gets that directory's content first,
    /// with owners, modes, timestamps, links and xattrs kept (<c>cp -a</c>, which also copies the directory's own owner
    /// and mode onto the volume's root, as Docker's copyOwnership does). Nothing is copied with volume-nocopy, into a
    /// volume that holds anything, or from a path the image does not have as a directory. The container path is
    /// resolved inside <paramref name="rootfs"/> (a symlink in the image never leads out of it); the container has not
    /// started yet, so nothing in it can swap the path meanwhile.
    /// </summary>
    /// <param name="rootfs">The container's mounted overlay root, before the runtime's create.</param>
    internal async Task PopulateAsync(VolumeMount mount, string rootfs, CancellationToken cancellationToken)
    {
        if (mount.NoCopy) return;
        using var held = await LockAsync(cancellationToken);
        var data = DataPath(mount.Name);
        if (!Directory.Exists(data) || Directory.EnumerateFileSystemEntries(data).Any()) return;
        var source = RootfsPath.Resolve(rootfs, mount.Destination);
        if (source is null || !Directory.Exists(source) || new DirectoryInfo(source).LinkTarget is not null) return;
        var copied = await ProcessRunner.RunAsync("cp", ["-a", "--no-dereference", source + "/.", data + "/"], cancellationToken);
        if (!copied.Succeeded)
            throw new VolumeCopyUpException(mount.Name, mount.Destination, copied.Stderr.Trim());
        ForgetSize(mount.Name);
    }
}

/// <summary>The image's content could not be copied into an empty volume: the start fails with cp's words.</summary>
public sealed class VolumeCopyUpException(string name, string destination, string detail)
    : EngineException($"copying the image's {destination} into volume {name} failed: {detail}");
