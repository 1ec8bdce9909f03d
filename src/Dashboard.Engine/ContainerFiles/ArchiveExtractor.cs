using System.Formats.Tar;
using Dashboard.Engine.Images;
using Microsoft.Win32.SafeHandles;

namespace Dashboard.Engine.ContainerFiles;

/// <summary>
/// Extracts a tar stream into a directory of a container as it arrives (entry data is copied straight from the request
/// body into the new file, so an upload of any size costs a fixed buffer). The target directory is the root of every
/// name in the archive, like Docker's securejoin: entry names with ".." are refused, and the directories an entry lands
/// in are resolved with openat2(RESOLVE_IN_ROOT) under the target, so neither a symlink in the archive, nor one already
/// in the container, nor one the container swaps in while the copy runs takes a write outside it. The final name is
/// created by an *at call that never follows it (O_CREAT|O_EXCL|O_NOFOLLOW, mkdirat, symlinkat, linkat), owners, modes
/// and times are set through the new file's own fd, and hard links must point at a file inside the target.
/// Device nodes are refused: cp never creates them (the runtime makes /dev; a node copied into a bind of a host
/// directory would be a way to the host's disks). Writes into kernel file systems (/proc, /sys) are refused too.
/// What was extracted before a refused or failed entry stays, as in Docker.
/// </summary>
internal sealed class ArchiveExtractor
{
    private readonly SafeFileHandle _target;
    private readonly ExtractOptions _options;
    private readonly (int Uid, int Gid)? _owner;
    private readonly ulong _rootMountId;
    private readonly List<(string[] Parts, DateTimeOffset Time)> _directoryTimes = [];

    private ArchiveExtractor(SafeFileHandle target, ExtractOptions options, (int, int)? owner, ulong rootMountId)
    {
        _target = target;
        _options = options;
        _owner = owner;
        _rootMountId = rootMountId;
    }

    /// <param name="target">The directory to extract into (an O_PATH fd), the root of every entry name.</param>
    /// <param name="owner">Every entry's owner (copyUIDGID); null keeps the ids in the archive.</param>
    /// <param name="rootMountId">The mount of the container's root, to tell a read-only root from a read-only volume.</param>
    /// <exception cref="InvalidArchiveException">Not a tar, or an entry that cannot be extracted safely.</exception>
    /// <exception cref="ReadOnlyTargetException">A write hit a read-only mount.</exception>
    public static async Task ExtractAsync(SafeFileHandle target, Stream archive, ExtractOptions options, (int Uid, int Gid)? owner,
        ulong rootMountId, CancellationToken cancellationToken)
    {
        var extractor = new ArchiveExtractor(target, options, owner, rootMountId);
        try
        {
            var tap = new TarHeaderTap(archive); // refuses PAX and long-name headers over 1 MiB before they are buffered
            await using var reader = new TarReader(tap, leaveOpen: true);
            while (await reader.GetNextEntryAsync(copyData: false, cancellationToken) is { } entry)
                await extractor.ExtractEntryAsync(entry, cancellationToken);
            extractor.SetDirectoryTimes();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException or EndOfStreamException)
        {
            throw new InvalidArchiveException($"the archive is not a valid tar (or gzip) stream: {e.Message}");
        }
        catch (IOException e) when (FileNative.Errno(e) == FileNative.EROFS)
        {
            throw new ReadOnlyTargetException(volume: FileNative.StatOrThrow(target, "").MountId != rootMountId);
        }
    }

    private async Task ExtractEntryAsync(TarEntry entry, CancellationToken cancellationToken)
    {
        var parts = SafePath.SplitEntryName(entry.Name, "the target directory");
        if (entry.EntryType is TarEntryType.GlobalExtendedAttributes) return;
        if (entry.EntryType is TarEntryType.CharacterDevice or TarEntryType.BlockDevice)
        {
            var device = (PosixTarEntry)entry;
            throw new InvalidArchiveException($"the archive holds the device node \"{entry.Name}\" ({(entry.EntryType == TarEntryType.CharacterDevice ? "char" : "block")} " +
                $"{device.DeviceMajor}:{device.DeviceMinor}): cp does not create device nodes in a container (its runtime makes /dev)");
        }
        if (parts.Length == 0)
        {
            // The target itself: Docker applies the archive's root directory entry to it ("docker cp dir/. ctr:/t").
            if (entry.EntryType != TarEntryType.Directory)
                throw new InvalidArchiveException($"entry \"{entry.Name}\" ({entry.EntryType}) would replace the target directory itself");
            using var self = FileNative.OpenAt(_target, ".", FileNative.O_RDONLY | FileNative.O_DIRECTORY);
            ApplyOwnerAndMode(self, entry);
            _directoryTimes.Add(([], entry.ModificationTime));
            return;
        }

        var name = parts[^1];
        using var parent = OpenParent(parts, entry.Name);
        if (KernelFileSystems.IsKernelFileSystem(parent))
            throw new InvalidArchiveException($"entry \"{entry.Name}\" would be written into a kernel file system (such as /proc or /sys): cp does not write there");
        var existing = FileNative.Stat(parent, name, out _);
        var isDirectory = entry.EntryType == TarEntryType.Directory;
        if (existing is { } found && _options.NoOverwriteDirNonDir && found.IsDirectory != isDirectory)
            throw new InvalidArchiveException(found.IsDirectory
                ? $"cannot overwrite directory \"{entry.Name}\" with a non-directory"
                : $"cannot overwrite non-directory \"{entry.Name}\" with a directory");
        if (existing is { } old && !(old.IsDirectory && isDirectory) && entry.EntryType != TarEntryType.HardLink)
            Remove(parent, name);

        switch (entry.EntryType)
        {
            case TarEntryType.Directory:
                if (existing is not { IsDirectory: true }) CheckZero(FileNative.MkdirAt(parent, name, 0b111_000_000), "mkdirat", entry.Name);
                using (var directory = FileNative.OpenAt(parent, name, FileNative.O_RDONLY | FileNative.O_DIRECTORY | FileNative.O_NOFOLLOW))
                    ApplyOwnerAndMode(directory, entry);
                _directoryTimes.Add((parts, entry.ModificationTime));
                return;
            case TarEntryType.RegularFile or TarEntryType.V7RegularFile or TarEntryType.ContiguousFile:
                var file = FileNative.OpenAt(parent, name, FileNative.O_WRONLY | FileNative.O_CREAT | FileNative.O_EXCL | FileNative.O_NOFOLLOW, 0b110_000_000);
                await using (var output = new FileStream(file, FileAccess.Write, 0))
                {
                    if (entry.DataStream is { } data) await data.CopyToAsync(output, 1 << 17, cancellationToken);
                    ApplyOwnerAndMode(file, entry);
                    SetTimes(file, entry.ModificationTime);
                }
                return;
            case TarEntryType.SymbolicLink:
                if (string.IsNullOrEmpty(entry.LinkName))
                    throw new InvalidArchiveException($"symlink \"{entry.Name}\" has an empty target");
                // Stored as written: an absolute target means the container's own path, and nothing here follows it.
                CheckZero(FileNative.SymlinkAt(entry.LinkName, parent, name), "symlinkat", entry.Name);
                using (var link = FileNative.OpenAt(parent, name, FileNative.O_PATH | FileNative.O_NOFOLLOW))
                {
                    FileNative.SetOwner(link, Owner(entry).Uid, Owner(entry).Gid);
                    SetTimes(link, entry.ModificationTime);
                }
                return;
            case TarEntryType.HardLink:
                LinkTo(entry, parent, name, existing);
                return;
            case TarEntryType.Fifo:
                CheckZero(FileNative.MknodAt(parent, name, FileNative.S_IFIFO | 0b110_000_000, 0), "mknodat", entry.Name);
                using (var fifo = FileNative.OpenAt(parent, name, FileNative.O_RDONLY | FileNative.O_NONBLOCK | FileNative.O_NOFOLLOW))
                {
                    ApplyOwnerAndMode(fifo, entry);
                    SetTimes(fifo, entry.ModificationTime);
                }
                return;
            default:
                throw new InvalidArchiveException($"entry \"{entry.Name}\" is of type {entry.EntryType}, which cp does not extract");
        }
    }

    /// <summary>The directory the entry goes in, under the target, created (0755) when missing.</summary>
    private SafeFileHandle OpenParent(string[] parts, string entryName)
    {
        try
        {
            return InRoot.CreateDirectories(_target, parts[..^1]);
        }
        catch (IOException e) when (FileNative.Errno(e) is FileNative.ENOTDIR or FileNative.EEXIST or FileNative.ELOOP or FileNative.ENOENT)
        {
            throw new InvalidArchiveException($"cannot extract \"{entryName}\": a component of its directory is not a directory"
                + (FileNative.Errno(e) == FileNative.ENOENT ? " (it kept changing while the copy ran)" : ""));
        }
    }

    /// <summary>A hard link to an earlier entry: its target is a name in the archive, resolved under the target
    /// directory like every entry name, and linked without following it.</summary>
    private void LinkTo(TarEntry entry, SafeFileHandle parent, string name, FileStatus? existing)
    {
        string[] targetParts;
        try
        {
            targetParts = SafePath.SplitEntryName(entry.LinkName, "the target directory");
        }
        catch (InvalidArchiveException e)
        {
            throw new InvalidArchiveException($"hard link \"{entry.Name}\": its target is an {e.Message}");
        }
        if (targetParts.Length == 0)
            throw new InvalidArchiveException($"hard link \"{entry.Name}\" points at the target directory itself");
        SafeFileHandle targetParent;
        try
        {
            targetParent = InRoot.OpenDirectory(_target, targetParts[..^1]);
        }
        catch (IOException e) when (FileNative.Errno(e) is FileNative.ENOENT or FileNative.ENOTDIR or FileNative.ELOOP)
        {
            throw new InvalidArchiveException($"hard link \"{entry.Name}\": its target \"{entry.LinkName}\" does not exist in the target directory");
        }
        using (targetParent)
        {
            var target = FileNative.Stat(targetParent, targetParts[^1], out _)
                ?? throw new InvalidArchiveException($"hard link \"{entry.Name}\": its target \"{entry.LinkName}\" does not exist in the target directory");
            if (target.IsDirectory)
                throw new InvalidArchiveException($"hard link \"{entry.Name}\": its target \"{entry.LinkName}\" is a directory");
            if (existing is { } old)
            {
                if (old.Identity == target.Identity) return; // already that file
                Remove(parent, name);
            }
            if (FileNative.LinkAt(targetParent, targetParts[^1], parent, name, 0) == 0) return;
            var errno = System.Runtime.InteropServices.Marshal.GetLastPInvokeError();
            throw errno == FileNative.EXDEV
                ? new InvalidArchiveException($"hard link \"{entry.Name}\": its target \"{entry.LinkName}\" is on another mount")
                : FileNative.Error("linkat", entry.Name, errno);
        }
    }

    private void Remove(SafeFileHandle parent, string name)
    {
        try
        {
            InRoot.Remove(parent, name);
        }
        catch (IOException e) when (FileNative.Errno(e) == FileNative.EBUSY)
        {
            throw new InvalidArchiveException($"cannot replace \"{name}\": it is or holds a mount point");
        }
    }

    private (int Uid, int Gid) Owner(TarEntry entry) => _owner ?? (entry.Uid, entry.Gid);

    private void ApplyOwnerAndMode(SafeFileHandle fd, TarEntry entry)
    {
        var (uid, gid) = Owner(entry);
        FileNative.SetOwner(fd, uid, gid);
        // After the owner: chown clears the set-id bits.
        CheckZero(FileNative.Fchmod(fd, (uint)entry.Mode & 0xFFF), "fchmod", entry.Name);
    }

    /// <summary>Directories get their times last, deepest first: what is created in them changes their mtime.</summary>
    private void SetDirectoryTimes()
    {
        for (var i = _directoryTimes.Count - 1; i >= 0; i--)
        {
            var (parts, time) = _directoryTimes[i];
            SafeFileHandle fd;
            try
            {
                fd = FileNative.OpenInRoot(_target, parts.Length == 0 ? "." : string.Join('/', parts), FileNative.O_PATH | FileNative.O_NOFOLLOW);
            }
            catch (IOException e) when (FileNative.Errno(e) is FileNative.ENOENT or FileNative.ENOTDIR)
            {
                continue; // replaced by a later entry
            }
            using (fd)
                if (FileNative.StatOrThrow(fd, "").IsDirectory) SetTimes(fd, time);
        }
    }

    private static void SetTimes(SafeFileHandle fd, DateTimeOffset time)
    {
        var seconds = Math.DivRem(time.ToUnixTimeMilliseconds(), 1000, out var milliseconds);
        if (milliseconds < 0) { seconds--; milliseconds += 1000; }
        FileNative.SetTimes(fd, seconds, milliseconds * 1_000_000);
    }

    private static void CheckZero(int result, string call, string name) => FileNative.ThrowIfError(result, call, name);
}
