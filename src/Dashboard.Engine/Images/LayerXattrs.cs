using System.Runtime.InteropServices;
using Dashboard.Engine.Interop;

namespace Dashboard.Engine.Images;

/// <summary>
/// Sets the extended attributes a layer records for a file or directory (PAX "SCHILY.xattr.NAME" records, as GNU tar
/// and Docker write them), limited to what an untrusted image may choose:
/// <list type="bullet">
/// <item>user.*: plain metadata, which the file's owner could set anyway.</item>
/// <item>security.capability: file capabilities are a normal part of images (ping's cap_net_raw, newuidmap's
/// cap_setuid), and Docker applies them. In a container they lift a process to at most the container's bounding set;
/// on the host the layers sit in a root-only (0700) directory, like the set-uid binaries images already carry.</item>
/// </list>
/// Everything else is skipped on purpose. trusted.* is root-only kernel metadata, and trusted.overlay.* in a lower
/// layer would steer overlayfs (opaque directories, redirects, metacopy) in ways an image must not control; other
/// security.* names (selinux, ima, evm) are labels for the host's policy to give, not the image's; system.* (POSIX
/// ACLs) would grant access by ids the host never checked. Values are the raw bytes from <see cref="TarHeaderTap"/>.
/// </summary>
internal static class LayerXattrs
{
    private const string Prefix = "SCHILY.xattr.";
    private static readonly bool IsRoot = Environment.IsPrivilegedProcess;

    public static bool IsAllowed(string name) =>
        name.StartsWith("user.", StringComparison.Ordinal) || name == "security.capability";

    /// <summary>Call after ownership is set: chown clears security.capability.</summary>
    public static void Apply(string path, string entryName, IReadOnlyDictionary<string, byte[]> records)
    {
        foreach (var (key, value) in records)
        {
            if (!key.StartsWith(Prefix, StringComparison.Ordinal) || !IsAllowed(key[Prefix.Length..])) continue;
            var name = key[Prefix.Length..];
            if (LibC.LSetXattr(path, name, value, (nuint)value.Length, 0) == 0) continue;
            var errno = Marshal.GetLastPInvokeError();
            switch (errno)
            {
                // The file system keeps no xattrs of this kind, or (not root, like chown) we may not set it: the image
                // still unpacks, as it does on Docker's best-effort path.
                case LibC.EOPNOTSUPP:
                case LibC.EPERM when !IsRoot:
                    continue;
                // A malformed capability set, a name or value the kernel will not take: the archive's fault.
                case LibC.EINVAL or LibC.E2BIG or LibC.ERANGE:
                    throw new InvalidArchiveException(
                        $"entry \"{entryName}\" has an extended attribute {name} the kernel refuses: {Marshal.GetPInvokeErrorMessage(errno)}");
                default:
                    throw new IOException($"lsetxattr({path}, {name}) failed: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})", errno);
            }
        }
    }
}
