using Dashboard.Engine.Configuration;
using Dashboard.Engine.Images;
using Microsoft.Extensions.Logging.Abstractions;

#pragma warning disable CA1416 // Linux-only engine

namespace Dashboard.Engine.Tests.Images;

public sealed class ImageServiceTests : IDisposable
{
    private readonly TempDir _root = new();
    private readonly FakeImageUsage _usage = new();
    private readonly ImageService _images;

    public ImageServiceTests() => _images = NewService();

    public void Dispose() => _root.Dispose();

    private ImageService NewService() =>
        new(new EngineOptions { DataRoot = _root.Path, BusyboxPath = _root.Sub("no-busybox") }, _usage, NullLogger<ImageService>.Instance);

    private string LayersDir => _root.Sub("image/layers");

    private Task<ImageRecord> ImportAsync(byte[] tar, string? reference, string? message = null) =>
        _images.ImportAsync(new MemoryStream(tar), reference, message, CancellationToken.None);

    private static byte[] Rootfs(string marker) => new TarBuilder().Dir("bin/").File("bin/marker", marker).Build();

    [Fact]
    public async Task Import_creates_a_tagged_one_layer_image_resolvable_by_every_name_form()
    {
        var tar = Rootfs("one");

        var image = await ImportAsync(tar, "busybox", "hello");

        Assert.Equal(["busybox:latest"], image.RepoTags);
        Assert.Equal([TarBuilder.DiffId(tar)], image.Layers);
        Assert.Equal("hello", image.Comment);
        Assert.Matches("^sha256:[a-f0-9]{64}$", image.Id);
        var hex = image.Id[7..];
        foreach (var name in new[] { "busybox", "busybox:latest", "docker.io/library/busybox:latest", "library/busybox", image.Id, hex, hex[..12], hex[..4], "sha256:" + hex[..8] })
            Assert.Equal(image.Id, _images.Resolve(name).Id);
        var layer = Assert.Single(_images.LayerPaths(image));
        Assert.Equal(Path.Combine(LayersDir, TarBuilder.DiffId(tar)[7..], "diff"), layer);
        Assert.Equal("one", File.ReadAllText(Path.Combine(layer, "bin/marker")));
        Assert.True(File.Exists(_root.Sub($"image/images/{hex}.json")));
        // Layers keep set-uid binaries and secrets of images: only root may walk into the store.
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(_root.Sub("image")));
        Assert.Equal((UnixFileMode)0b111_000_000, File.GetUnixFileMode(LayersDir));
    }

    [Fact]
    public async Task An_untagged_import_is_listed_and_resolvable_by_id()
    {
        var image = await ImportAsync(Rootfs("x"), null);

        Assert.Empty(image.RepoTags);
        Assert.Equal(image.Id, _images.Resolve(image.Id).Id);
        Assert.Equal(image.Id, _images.List().Single().Id);
    }

    [Fact]
    public async Task The_same_layer_is_unpacked_once()
    {
        var tar = Rootfs("shared");

        var a = await ImportAsync(tar, "a");
        var b = await ImportAsync(TarBuilder.Gzip(tar), "b");

        Assert.Equal(a.Layers, b.Layers);
        Assert.Single(Directory.GetDirectories(LayersDir));
        Assert.Equal(_images.LayerPaths(a), _images.LayerPaths(b));
    }

    [Fact]
    public async Task Concurrent_imports_of_one_layer_share_it_and_keep_every_tag()
    {
        var tar = Rootfs("concurrent");

        var images = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => Task.Run(() => ImportAsync(tar, "c" + i))));

        Assert.Single(Directory.GetDirectories(LayersDir));
        for (var i = 0; i < 6; i++) Assert.Equal(images[i].Id, _images.Resolve("c" + i).Id);
    }

    [Fact]
    public async Task An_unsafe_import_leaves_nothing_behind()
    {
        var tar = new TarBuilder().File("ok", "fine").File("../escape", "x").Build();

        await Assert.ThrowsAsync<InvalidArchiveException>(() => ImportAsync(tar, "bad"));

        Assert.Empty(_images.List());
        Assert.Empty(Directory.GetFileSystemEntries(LayersDir));
        Assert.Empty(Directory.GetFileSystemEntries(_root.Sub("image/tmp")));
        Assert.False(_images.TryResolve("bad", out _));
    }

    [Theory]
    [InlineData("Bad Name")]
    [InlineData("busybox@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public async Task Import_with_an_invalid_reference_is_a_validation_error(string reference)
    {
        await Assert.ThrowsAsync<ValidationException>(() => ImportAsync(Rootfs("x"), reference));
        Assert.Empty(_images.List());
    }

    [Fact]
    public void Unknown_bad_and_digest_references_fail_with_typed_errors()
    {
        Assert.Throws<ImageNotFoundException>(() => _images.Resolve("nosuch"));
        Assert.Throws<ImageNotFoundException>(() => _images.Resolve("abcdef"));
        Assert.Throws<ValidationException>(() => _images.Resolve("NoSuch"));
        Assert.Throws<ValidationException>(() => _images.Resolve("busybox@sha256:" + new string('a', 64)));
        Assert.False(_images.TryResolve("nosuch", out _));
        Assert.False(_images.TryResolve("Bad Name", out _));
    }

    [Fact]
    public async Task An_ambiguous_id_prefix_is_an_error_not_a_guess()
    {
        var ids = new List<string>();
        for (var i = 0; i < 17; i++) ids.Add((await ImportAsync(Rootfs("m" + i), null)).Id[7..]);
        var shared = ids.GroupBy(id => id[0]).First(g => g.Count() > 1).Key.ToString();

        Assert.Throws<AmbiguousReferenceException>(() => _images.Resolve(shared));
        Assert.Equal("sha256:" + ids[0], _images.Resolve(ids[0][..12]).Id);
    }

    [Fact]
    public async Task Tags_and_images_survive_a_restart()
    {
        var image = await ImportAsync(Rootfs("p"), "keep:v1");

        var reopened = NewService();

        var found = reopened.Resolve("keep:v1");
        Assert.Equal(image.Id, found.Id);
        Assert.Equal(["keep:v1"], found.RepoTags);
        Assert.Equal(image.Layers, found.Layers);
    }

    [Fact]
    public async Task A_layer_no_image_lists_is_collected_at_start()
    {
        var image = await ImportAsync(Rootfs("crash"), "crash");
        File.Delete(_root.Sub($"image/images/{image.Id[7..]}.json")); // as if the daemon died before recording it

        var reopened = NewService();

        Assert.Empty(reopened.List());
        Assert.Empty(Directory.GetFileSystemEntries(LayersDir));
    }

    [Fact]
    public async Task A_tag_moves_to_the_newest_image()
    {
        var old = await ImportAsync(Rootfs("old"), "app");
        var current = await ImportAsync(Rootfs("new"), "app");

        Assert.Equal(current.Id, _images.Resolve("app").Id);
        Assert.Empty(_images.Resolve(old.Id).RepoTags);
    }

    [Fact]
    public async Task Removing_one_of_two_tags_only_untags()
    {
        var image = await ImportAsync(Rootfs("t"), "one");
        await ImportAsync(Rootfs("t"), "two"); // different created time: a second image on the same layer
        await _images.LoadAsync(new MemoryStream(ArchiveBuilder.DockerSave(ArchiveBuilder.Config([Rootfs("t")]), [Rootfs("t")], "three:latest", "four:latest")), default);

        var result = await _images.RemoveAsync("three", force: false, default);

        Assert.Equal([new ImageDeleteResult("three:latest", null)], result);
        Assert.Equal(["four:latest"], _images.Resolve("four").RepoTags);
        Assert.Equal(image.Id, _images.Resolve("one").Id);
    }

    [Fact]
    public async Task Removing_the_last_tag_deletes_the_image_and_its_unshared_layers()
    {
        var shared = Rootfs("shared");
        var keep = await ImportAsync(shared, "keep");
        var gone = await ImportAsync(Rootfs("only-mine"), "gone");

        var result = await _images.RemoveAsync("gone:latest", force: false, default);

        Assert.Equal(new ImageDeleteResult("gone:latest", null), result[0]);
        Assert.Contains(new ImageDeleteResult(null, gone.Id), result);
        Assert.Contains(new ImageDeleteResult(null, gone.Layers[0]), result);
        Assert.False(_images.TryResolve(gone.Id, out _));
        Assert.False(Directory.Exists(Path.Combine(LayersDir, gone.Layers[0][7..])));
        Assert.True(Directory.Exists(_images.LayerPaths(keep)[0]));
        Assert.False(File.Exists(_root.Sub($"image/images/{gone.Id[7..]}.json")));
    }

    [Fact]
    public async Task A_layer_shared_with_another_image_is_kept()
    {
        var tar = Rootfs("same");
        var a = await ImportAsync(tar, "a");
        await ImportAsync(tar, "b");

        await _images.RemoveAsync("a", force: false, default);

        Assert.True(Directory.Exists(_images.LayerPaths(a)[0]));
        Assert.Equal(a.Layers, _images.Resolve("b").Layers);
    }

    [Fact]
    public async Task An_image_in_use_is_not_removed_and_force_only_untags_it()
    {
        var image = await ImportAsync(Rootfs("used"), "used");
        _usage.Users[image.Id] = "c0ffee00c0ffee00c0ffee";

        var ex = await Assert.ThrowsAsync<ImageInUseException>(() => _images.RemoveAsync("used", force: false, default));
        Assert.Contains("c0ffee00c0ff", ex.Message);
        await Assert.ThrowsAsync<ImageInUseException>(() => _images.RemoveAsync(image.Id, force: false, default));

        var result = await _images.RemoveAsync("used", force: true, default);

        Assert.Equal([new ImageDeleteResult("used:latest", null)], result);
        Assert.Empty(_images.Resolve(image.Id).RepoTags);
        Assert.True(Directory.Exists(_images.LayerPaths(image)[0]));
    }

    [Fact]
    public async Task Removing_by_id_with_several_tags_needs_force()
    {
        var tar = Rootfs("multi");
        var loaded = (await _images.LoadAsync(new MemoryStream(ArchiveBuilder.DockerSave(ArchiveBuilder.Config([tar]), [tar], "x:1", "y:2")), default)).Single();

        await Assert.ThrowsAsync<ImageReferencedByTagsException>(() => _images.RemoveAsync(loaded.Id, force: false, default));
        var result = await _images.RemoveAsync(loaded.Id[7..19], force: true, default);

        Assert.Equal(["x:1", "y:2"], result.Where(r => r.Untagged is not null).Select(r => r.Untagged));
        Assert.Contains(new ImageDeleteResult(null, loaded.Id), result);
        Assert.Empty(_images.List());
        Assert.Empty(Directory.GetFileSystemEntries(LayersDir));
    }

    [Fact]
    public async Task Removing_an_unknown_image_is_not_found()
    {
        await Assert.ThrowsAsync<ImageNotFoundException>(() => _images.RemoveAsync("nosuch", false, default));
    }

    [Fact]
    public async Task EnsureBuiltin_without_busybox_warns_and_does_nothing()
    {
        await _images.EnsureBuiltinImageAsync(default);

        Assert.Empty(_images.List());
    }
}
