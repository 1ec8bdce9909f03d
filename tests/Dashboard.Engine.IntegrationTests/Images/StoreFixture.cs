using System.Diagnostics;
using System.Formats.Tar;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Images;
using Dashboard.Engine.Snapshots;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Engine.IntegrationTests.Images;

/// <summary>A throw-away data root with an image service and a snapshotter; unmounts and deletes everything it made.</summary>
internal sealed class StoreFixture : IDisposable, IImageUsage
{
    private readonly List<string> _containers = [];

    public StoreFixture()
    {
        DataRoot = Path.Combine("/var/tmp", "dash-it-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(DataRoot);
        Options = new EngineOptions { DataRoot = DataRoot, BusyboxPath = "/bin/busybox" };
        Images = new ImageService(Options, this, NullLogger<ImageService>.Instance);
        Snapshotter = new OverlaySnapshotter(Options);
    }

    public string DataRoot { get; }
    public EngineOptions Options { get; }
    public ImageService Images { get; }
    public OverlaySnapshotter Snapshotter { get; }
    public Dictionary<string, string> Users { get; } = new();

    public string? ContainerUsing(string imageId) => Users.GetValueOrDefault(imageId);

    public string LayersDirectory => Path.Combine(DataRoot, "image", "layers");

    /// <summary>Mounts a container's rootfs and remembers it for cleanup.</summary>
    public string Mount(string containerId, ImageRecord image)
    {
        _containers.Add(containerId);
        Snapshotter.Mount(containerId, Images.LayerPaths(image));
        return Snapshotter.RootfsPath(containerId);
    }

    public static string Stat(string path, string format) => Run("stat", "-c", format, path).Trim();

    public static string Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file, args) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode == 0 ? output : throw new InvalidOperationException($"{file} {string.Join(' ', args)} exited {process.ExitCode}: {error}");
    }

    public void Dispose()
    {
        foreach (var id in _containers)
        {
            try { Snapshotter.Unmount(id); } catch (Exception) { /* best effort; the assert below reports it */ }
        }
        var leftover = Snapshots.MountInfo.MountPoints().Where(m => m.StartsWith(DataRoot, StringComparison.Ordinal)).ToList();
        if (leftover.Count == 0) Directory.Delete(DataRoot, recursive: true);
        else throw new InvalidOperationException($"mounts left under {DataRoot}: {string.Join(", ", leftover)}");
    }

    // --- archive building ---

    public static byte[] Tar(Action<TarWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true)) write(writer);
        return buffer.ToArray();
    }

    public static void Dir(TarWriter w, string name) =>
        w.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name) { Mode = (UnixFileMode)0b111_101_101 });

    public static void File(TarWriter w, string name, string content) =>
        w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = (UnixFileMode)0b110_100_100, DataStream = new MemoryStream(Encoding.UTF8.GetBytes(content)),
        });

    public static string Sha(byte[] data) => Convert.ToHexStringLower(SHA256.HashData(data));

    /// <summary>A "docker save" archive of one image with the given uncompressed layers, bottom first.</summary>
    public static byte[] DockerSave(string tag, params byte[][] layers)
    {
        var config = JsonSerializer.SerializeToUtf8Bytes(new
        {
            architecture = "amd64",
            os = "linux",
            created = "2024-01-01T00:00:00Z",
            config = new { Cmd = new[] { "sh" } },
            rootfs = new { type = "layers", diff_ids = layers.Select(l => "sha256:" + Sha(l)).ToArray() },
        });
        var names = layers.Select(l => $"{Sha(l)}/layer.tar").ToArray();
        var manifest = JsonSerializer.SerializeToUtf8Bytes(new[] { new { Config = $"{Sha(config)}.json", RepoTags = new[] { tag }, Layers = names } });
        return Tar(w =>
        {
            void Add(string name, byte[] data) =>
                w.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data), Mode = (UnixFileMode)0b110_100_100 });
            Add($"{Sha(config)}.json", config);
            for (var i = 0; i < layers.Length; i++) Add(names[i], layers[i]);
            Add("manifest.json", manifest);
        });
    }
}
