using Dashboard.Engine.Configuration;
using Dashboard.Engine.Images;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Engine.Tests.Images;

public sealed class ImageLoadTests : IDisposable
{
    private readonly TempDir _root = new();
    private readonly ImageService _images;
    private readonly byte[] _bottom = new TarBuilder().Dir("etc/").File("etc/os", "base").File("etc/gone", "x").Build();
    private readonly byte[] _top = new TarBuilder().File("etc/app", "app").Build();

    public ImageLoadTests() =>
        _images = new ImageService(new EngineOptions { DataRoot = _root.Path }, new FakeImageUsage(), NullLogger<ImageService>.Instance);

    public void Dispose() => _root.Dispose();

    private string LayersDir => _root.Sub("image/layers");

    private Task<IReadOnlyList<ImageRecord>> LoadAsync(byte[] archive) => _images.LoadAsync(new MemoryStream(archive), default);

    private byte[] Config() => ArchiveBuilder.Config([_bottom, _top], new
    {
        Cmd = new[] { "/bin/app", "--serve" },
        Entrypoint = new[] { "/init" },
        Env = new[] { "PATH=/bin", "MODE=prod" },
        WorkingDir = "/srv",
        User = "1000:1000",
        Labels = new Dictionary<string, string> { ["org.example.team"] = "infra" },
        StopSignal = "SIGQUIT",
    });

    private void AssertLoaded(ImageRecord image, byte[] config)
    {
        Assert.Equal("sha256:" + ArchiveBuilder.Sha(config), image.Id);
        Assert.Equal([TarBuilder.DiffId(_bottom), TarBuilder.DiffId(_top)], image.Layers);
        Assert.Equal(["/bin/app", "--serve"], image.Config.Cmd);
        Assert.Equal(["/init"], image.Config.Entrypoint);
        Assert.Equal(["PATH=/bin", "MODE=prod"], image.Config.Env);
        Assert.Equal("/srv", image.Config.WorkingDir);
        Assert.Equal("1000:1000", image.Config.User);
        Assert.Equal("infra", image.Config.Labels["org.example.team"]);
        Assert.Equal("SIGQUIT", image.Config.StopSignal);
        Assert.Equal(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero), image.Created);
        var paths = _images.LayerPaths(image);
        Assert.Equal("base", File.ReadAllText(Path.Combine(paths[0], "etc/os")));
        Assert.Equal("app", File.ReadAllText(Path.Combine(paths[1], "etc/app")));
    }

    [Fact]
    public async Task Loads_a_docker_save_archive_with_plain_and_gzip_layers()
    {
        var config = Config();

        var image = Assert.Single(await LoadAsync(ArchiveBuilder.DockerSave(config, [_bottom, TarBuilder.Gzip(_top)], "docker.io/library/app:1.0")));

        AssertLoaded(image, config);
        Assert.Equal(["app:1.0"], image.RepoTags);
        Assert.Equal(image.Id, _images.Resolve("app:1.0").Id);
    }

    [Fact]
    public async Task A_gzip_compressed_save_archive_loads_too()
    {
        var config = Config();

        var image = Assert.Single(await LoadAsync(TarBuilder.Gzip(ArchiveBuilder.DockerSave(config, [_bottom, _top], "app:gz"))));

        AssertLoaded(image, config);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Loads_an_oci_layout_with_its_containerd_name(bool nestedIndex)
    {
        var config = Config();

        var archive = ArchiveBuilder.OciLayout(config, [TarBuilder.Gzip(_bottom), _top], "docker.io/library/ociapp:2", nestedIndex);
        var image = Assert.Single(await LoadAsync(archive));

        AssertLoaded(image, config);
        Assert.Equal(["ociapp:2"], image.RepoTags);
    }

    [Fact]
    public async Task An_oci_layout_with_only_a_bare_ref_name_loads_untagged()
    {
        var config = Config();

        var image = Assert.Single(await LoadAsync(ArchiveBuilder.OciLayout(config, [_bottom, _top], imageName: null, nested: false)));

        Assert.Empty(image.RepoTags);
    }

    [Fact]
    public async Task Loading_twice_reuses_layers_and_the_image()
    {
        var archive = ArchiveBuilder.DockerSave(Config(), [_bottom, _top], "app:1");

        var first = Assert.Single(await LoadAsync(archive));
        var second = Assert.Single(await LoadAsync(archive));

        Assert.Equal(first.Id, second.Id);
        Assert.Equal(2, Directory.GetDirectories(LayersDir).Length);
        Assert.Single(_images.List());
    }

    [Fact]
    public async Task Layer_paths_that_are_symlinks_inside_the_archive_are_followed()
    {
        // Older docker save archives store a repeated layer once and link to it from the second layer directory.
        var config = ArchiveBuilder.Config([_bottom]);
        var sha = ArchiveBuilder.Sha(config);
        using var buffer = new MemoryStream();
        using (var writer = new System.Formats.Tar.TarWriter(buffer, leaveOpen: true))
        {
            void Add(string name, byte[] data) => writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, name) { DataStream = new MemoryStream(data) });
            Add($"{sha}.json", config);
            Add("real/layer.tar", _bottom);
            writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.SymbolicLink, "linked/layer.tar") { LinkName = "../real/layer.tar" });
            Add("manifest.json", ArchiveBuilder.Utf8($$"""[{"Config":"{{sha}}.json","RepoTags":["linked:1"],"Layers":["linked/layer.tar"]}]"""));
        }

        var image = Assert.Single(await LoadAsync(buffer.ToArray()));

        Assert.Equal("base", File.ReadAllText(Path.Combine(_images.LayerPaths(image)[0], "etc/os")));
    }

    [Fact]
    public async Task A_layer_that_does_not_match_its_diff_id_is_rejected_and_cleaned_up()
    {
        var config = ArchiveBuilder.Config([_bottom, _top]);
        var tampered = new TarBuilder().File("etc/app", "evil").Build();

        var ex = await Assert.ThrowsAsync<InvalidArchiveException>(() => LoadAsync(ArchiveBuilder.DockerSave(config, [_bottom, tampered], "app:1")));

        Assert.Contains("diff id", ex.Message);
        Assert.Empty(_images.List());
        Assert.Empty(Directory.GetFileSystemEntries(LayersDir));
        Assert.Empty(Directory.GetFileSystemEntries(_root.Sub("image/tmp")));
    }

    [Fact]
    public async Task Archives_without_a_manifest_or_with_missing_blobs_are_invalid()
    {
        var notImage = ArchiveBuilder.Tar([("etc/passwd", ArchiveBuilder.Utf8("root:x:0:0"))]);
        var ex = await Assert.ThrowsAsync<InvalidArchiveException>(() => LoadAsync(notImage));
        Assert.Contains("import", ex.Message);

        var missingLayer = ArchiveBuilder.Tar([("manifest.json", ArchiveBuilder.Utf8("""[{"Config":"c.json","RepoTags":[],"Layers":["x/layer.tar"]}]"""))]);
        await Assert.ThrowsAsync<InvalidArchiveException>(() => LoadAsync(missingLayer));

        await Assert.ThrowsAsync<InvalidArchiveException>(() => LoadAsync(ArchiveBuilder.Utf8("not a tar at all, clearly")));
        Assert.Empty(_images.List());
    }

    [Fact]
    public async Task An_unsafe_layer_in_a_save_archive_is_rejected()
    {
        var evil = new TarBuilder().Symlink("x", "/").HardLink("y", "/etc/shadow").Build();
        var config = ArchiveBuilder.Config([evil]);

        await Assert.ThrowsAsync<InvalidArchiveException>(() => LoadAsync(ArchiveBuilder.DockerSave(config, [evil], "evil:1")));

        Assert.False(_images.TryResolve("evil:1", out _));
        Assert.Empty(Directory.GetFileSystemEntries(LayersDir));
    }
}
