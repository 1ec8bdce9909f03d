using System.Text.Json;
using Dashboard.Engine.Interop;

#pragma warning disable CA1416 // the engine runs on Linux only

namespace Dashboard.Engine.Images;

/// <summary>
/// The on-disk layout of the image store under DataRoot/image: layers/HEX/diff (unpacked, shared), layers/HEX/size,
/// images/HEX.json (one <see cref="ImageRecord"/> each, tags left out), repositories.json (tag to image id), and
/// tmp/ for work in progress (emptied at start). Files are replaced atomically (temp, fsync, rename, fsync dir).
/// Not thread-safe: <see cref="ImageService"/> serialises changes.
/// </summary>
internal sealed class ImageStore
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public ImageStore(string dataRoot)
    {
        Root = Path.Combine(Path.GetFullPath(dataRoot), "image");
        LayersDirectory = Path.Combine(Root, "layers");
        ImagesDirectory = Path.Combine(Root, "images");
        TempDirectory = Path.Combine(Root, "tmp");
        // Layers hold set-uid binaries and image secrets: only root may walk into the store (mode enforced each start).
        foreach (var dir in new[] { Root, LayersDirectory, ImagesDirectory, TempDirectory })
        {
            Directory.CreateDirectory(dir);
            File.SetUnixFileMode(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    public string Root { get; }
    public string LayersDirectory { get; }
    public string ImagesDirectory { get; }
    public string TempDirectory { get; }
    private string RepositoriesFile => Path.Combine(Root, "repositories.json");

    public static string Hex(string digest) => digest.StartsWith("sha256:", StringComparison.Ordinal) ? digest[7..] : digest;

    public string LayerDirectory(string diffId) => Path.Combine(LayersDirectory, Hex(diffId));

    public string DiffDirectory(string diffId) => Path.Combine(LayerDirectory(diffId), "diff");

    public bool HasLayer(string diffId) => Directory.Exists(DiffDirectory(diffId));

    public long LayerSize(string diffId) =>
        File.Exists(Path.Combine(LayerDirectory(diffId), "size")) && long.TryParse(File.ReadAllText(Path.Combine(LayerDirectory(diffId), "size")), out var n) ? n : 0;

    /// <summary>A new empty directory under tmp/ for a spool file or a layer being unpacked.</summary>
    public string NewTempDirectory()
    {
        var path = Path.Combine(TempDirectory, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    /// <summary>Removes leftovers of interrupted work (a crash mid-import leaves only tmp/ entries).</summary>
    public void CleanTemp()
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(TempDirectory)) DeleteTree(entry);
    }

    /// <summary>Moves a fully unpacked layer (tmpDir/diff + tmpDir/size) into place. Returns false when an equal layer
    /// was already there (the temp copy is then deleted): layers are unpacked once and shared.</summary>
    public bool CommitLayer(string tempLayerDirectory, string diffId, long size)
    {
        File.WriteAllText(Path.Combine(tempLayerDirectory, "size"), size.ToString());
        if (HasLayer(diffId))
        {
            DeleteTree(tempLayerDirectory);
            return false;
        }
        LibC.SyncFileSystem(Path.Combine(tempLayerDirectory, "size"));
        var target = LayerDirectory(diffId);
        if (Directory.Exists(target)) DeleteTree(target); // a half-deleted layer without diff/
        Directory.Move(tempLayerDirectory, target);
        LibC.FsyncDirectory(LayersDirectory);
        return true;
    }

    /// <summary>Hex digests of the layers on disk.</summary>
    public IEnumerable<string> LayerHexes() =>
        Directory.EnumerateDirectories(LayersDirectory).Select(Path.GetFileName).OfType<string>().ToList();

    public void DeleteLayer(string diffId)
    {
        var dir = LayerDirectory(diffId);
        if (!Directory.Exists(dir)) return;
        // Rename first so a crash mid-delete never leaves a layers/HEX that looks complete but is not.
        var doomed = Path.Combine(TempDirectory, "deleted-" + Guid.NewGuid().ToString("N"));
        Directory.Move(dir, doomed);
        LibC.FsyncDirectory(LayersDirectory);
        DeleteTree(doomed);
    }

    public IEnumerable<ImageRecord> ReadImages()
    {
        foreach (var file in Directory.EnumerateFiles(ImagesDirectory, "*.json"))
        {
            var image = JsonSerializer.Deserialize<ImageRecord>(File.ReadAllBytes(file), Json);
            if (image is not null) yield return image;
        }
    }

    public void WriteImage(ImageRecord image) =>
        WriteAtomic(Path.Combine(ImagesDirectory, Hex(image.Id) + ".json"), JsonSerializer.SerializeToUtf8Bytes(image with { RepoTags = [] }, Json));

    public void DeleteImage(string imageId)
    {
        File.Delete(Path.Combine(ImagesDirectory, Hex(imageId) + ".json"));
        LibC.FsyncDirectory(ImagesDirectory);
    }

    public Dictionary<string, string> ReadRepositories() =>
        File.Exists(RepositoriesFile)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllBytes(RepositoriesFile), Json) ?? new()
            : new();

    public void WriteRepositories(IReadOnlyDictionary<string, string> tags) =>
        WriteAtomic(RepositoriesFile, JsonSerializer.SerializeToUtf8Bytes(new SortedDictionary<string, string>(tags.ToDictionary(), StringComparer.Ordinal), Json));

    private static void WriteAtomic(string path, byte[] content)
    {
        var temp = path + ".tmp-" + Guid.NewGuid().ToString("N");
        using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
        {
            file.Write(content);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
        LibC.FsyncDirectory(Path.GetDirectoryName(path)!);
    }

    public static void DeleteTree(string path)
    {
        switch (SafePath.Kind(path))
        {
            case PathKind.Directory: Directory.Delete(path, recursive: true); break;
            case PathKind.None: break;
            default: File.Delete(path); break;
        }
    }
}
