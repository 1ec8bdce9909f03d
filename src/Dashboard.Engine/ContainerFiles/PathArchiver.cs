using Microsoft.Win32.SafeHandles;

namespace Dashboard.Engine.ContainerFiles;

/// <summary>
/// Writes the tar archive of one path in a container, named as Docker names it (go-archive's TarResourceRebase): a file
/// is one entry under the path's base name; a directory is an entry for itself under that name ("d/", "./" for a
/// path ending in "/.", "/" for the root) followed by everything below it ("d/x", "./x", "/x"), in lexical order.
/// Modes, owners, mtimes (whole seconds), symlinks (as symlinks), device nodes and fifos are kept; a regular file seen
/// again under another name becomes a hard link entry; sockets are left out. The walk goes through directory fds and
/// opens every name with O_NOFOLLOW, so a directory swapped for a symlink while the walk runs is never followed. It
/// crosses into the container's mounts, except kernel file systems, whose mount points stay empty
/// (<see cref="KernelFileSystems"/>).
/// </summary>
internal sealed class PathArchiver
{
    private readonly TarStreamWriter _tar;
    private readonly Dictionary<(uint, uint, ulong), string> _seenFiles = [];

    private PathArchiver(Stream output) => _tar = new TarStreamWriter(output);

    /// <param name="rebaseName">The name the top entry gets: <see cref="ContainerPath.BaseName"/>.</param>
    public static async Task WriteAsync(LocatedPath located, string rebaseName, Stream output, CancellationToken cancellationToken)
    {
        var archiver = new PathArchiver(output);
        if (located is { Status.IsDirectory: true, Opened: { } directory })
        {
            var status = located.Status;
            var prefix = rebaseName == "/" ? "" : rebaseName;
            await archiver._tar.WriteHeaderAsync(Header(prefix + "/", '5', status), cancellationToken);
            if (!KernelFileSystems.IsKernelFileSystem(directory)) await archiver.WalkAsync(directory, prefix, cancellationToken);
        }
        else
        {
            await archiver.EmitAsync(located.Directory, located.Name, rebaseName, located.Status, cancellationToken);
        }
        await archiver._tar.FinishAsync(cancellationToken);
    }

    /// <summary>docker export: everything under <paramref name="root"/>, named relative to it ("bin/", "bin/sh"), as
    /// moby's export tars a container's root, with no entry for the root itself.</summary>
    public static async Task WriteTreeAsync(SafeFileHandle root, Stream output, CancellationToken cancellationToken)
    {
        var archiver = new PathArchiver(output);
        // The view's root is an O_PATH handle, which cannot be listed: open the directory itself through it.
        using (var directory = FileNative.OpenAt(root, ".", FileNative.O_RDONLY | FileNative.O_DIRECTORY))
            await archiver.WalkAsync(directory, null, cancellationToken);
        await archiver._tar.FinishAsync(cancellationToken);
    }

    /// <param name="prefix">The entry name of <paramref name="directory"/>; null for names relative to it.</param>
    private async Task WalkAsync(SafeFileHandle directory, string? prefix, CancellationToken cancellationToken)
    {
        foreach (var name in FileNative.ListDirectory(directory))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (FileNative.Stat(directory, name, out _) is not { } status) continue; // gone since it was listed
            var entryName = prefix is null ? name : prefix + "/" + name;
            if (!status.IsDirectory)
            {
                await EmitAsync(directory, name, entryName, status, cancellationToken);
                continue;
            }
            SafeFileHandle child;
            try
            {
                child = FileNative.OpenAt(directory, name, FileNative.O_RDONLY | FileNative.O_DIRECTORY | FileNative.O_NOFOLLOW);
            }
            catch (IOException e) when (FileNative.Errno(e) is FileNative.ENOENT or FileNative.ENOTDIR or FileNative.ELOOP)
            {
                continue; // replaced (by a symlink, say) since it was listed: what it is now is not followed
            }
            using (child)
            {
                await _tar.WriteHeaderAsync(Header(entryName + "/", '5', FileNative.StatOrThrow(child, "")), cancellationToken);
                if (!KernelFileSystems.IsKernelFileSystem(child)) await WalkAsync(child, entryName, cancellationToken);
            }
        }
    }

    /// <summary>One non-directory entry.</summary>
    private async Task EmitAsync(SafeFileHandle directory, string name, string entryName, FileStatus status, CancellationToken cancellationToken)
    {
        switch (status.Type)
        {
            case FileNative.S_IFREG:
                await EmitFileAsync(directory, name, entryName, cancellationToken);
                return;
            case FileNative.S_IFLNK:
                string target;
                try { target = FileNative.ReadLinkAt(directory, name); }
                catch (IOException e) when (FileNative.Errno(e) is FileNative.ENOENT or FileNative.EINVAL) { return; }
                await _tar.WriteHeaderAsync(Header(entryName, '2', status) with { LinkName = target }, cancellationToken);
                return;
            case FileNative.S_IFCHR or FileNative.S_IFBLK:
                await _tar.WriteHeaderAsync(Header(entryName, status.Type == FileNative.S_IFCHR ? '3' : '4', status)
                    with { DevMajor = status.RdevMajor, DevMinor = status.RdevMinor }, cancellationToken);
                return;
            case FileNative.S_IFIFO:
                await _tar.WriteHeaderAsync(Header(entryName, '6', status), cancellationToken);
                return;
            default:
                return; // sockets have no tar form (Go's archive/tar refuses them too)
        }
    }

    private async Task EmitFileAsync(SafeFileHandle directory, string name, string entryName, CancellationToken cancellationToken)
    {
        SafeFileHandle file;
        try
        {
            file = FileNative.OpenAt(directory, name, FileNative.O_RDONLY | FileNative.O_NOFOLLOW | FileNative.O_NONBLOCK | FileNative.O_NOCTTY);
        }
        catch (IOException e) when (FileNative.Errno(e) is FileNative.ENOENT or FileNative.ELOOP)
        {
            return;
        }
        using (file)
        {
            // What was opened is what is archived: a name swapped for something else since the listing is skipped.
            var status = FileNative.StatOrThrow(file, "");
            if (!status.IsRegular) return;
            if (status.LinkCount > 1)
            {
                if (_seenFiles.TryGetValue(status.Identity, out var first))
                {
                    await _tar.WriteHeaderAsync(Header(entryName, '1', status) with { Size = 0, LinkName = first }, cancellationToken);
                    return;
                }
                _seenFiles[status.Identity] = entryName;
            }
            await _tar.WriteHeaderAsync(Header(entryName, '0', status), cancellationToken);
            using var stream = new FileStream(file, FileAccess.Read, 0);
            await _tar.WriteDataAsync(stream, status.Size, cancellationToken);
        }
    }

    private static TarHeader Header(string name, char type, FileStatus status) =>
        new(name, type, status.Permissions, status.Uid, status.Gid, type == '0' ? status.Size : 0, status.MtimeSeconds);
}
