using Dashboard.Engine.Images;

namespace Dashboard.Engine.IntegrationTests.Images;

[Trait(TestCategory.Key, TestCategory.Root)]
public sealed class ImageStoreOverlayTests : IDisposable
{
    private readonly StoreFixture _store = new();

    public void Dispose() => _store.Dispose();

    private static string Id(string name) => name + "-" + Guid.NewGuid().ToString("N")[..8];

    private static byte[] SimpleRootfs() => StoreFixture.Tar(w =>
    {
        StoreFixture.Dir(w, "bin/");
        StoreFixture.File(w, "bin/hello", "hello from the image");
    });

    [OverlayFact]
    public async Task An_imported_image_mounts_as_an_overlay_with_a_private_upper_layer()
    {
        var image = await _store.Images.ImportAsync(new MemoryStream(SimpleRootfs()), "imported:1", null, default);
        var id = Id("imp");

        var rootfs = _store.Mount(id, image);

        Assert.True(_store.Snapshotter.IsMounted(id));
        Assert.Equal("hello from the image", File.ReadAllText(Path.Combine(rootfs, "bin/hello")));
        File.WriteAllText(Path.Combine(rootfs, "bin/hello"), "changed in the container");
        var upper = Path.Combine(_store.Snapshotter.ContainerDirectory(id), "upper");
        Assert.Equal("changed in the container", File.ReadAllText(Path.Combine(upper, "bin/hello")));
        Assert.Equal("hello from the image", File.ReadAllText(Path.Combine(_store.Images.LayerPaths(image)[0], "bin/hello")));
    }

    [OverlayFact]
    public async Task A_whiteout_in_an_upper_image_layer_hides_the_lower_file()
    {
        var bottom = StoreFixture.Tar(w =>
        {
            StoreFixture.Dir(w, "etc/");
            StoreFixture.File(w, "etc/keep", "kept");
            StoreFixture.File(w, "etc/gone", "should be hidden");
            StoreFixture.Dir(w, "cache/");
            StoreFixture.File(w, "cache/old", "should be hidden by the opaque dir");
        });
        var top = StoreFixture.Tar(w =>
        {
            StoreFixture.File(w, "etc/.wh.gone", "");
            StoreFixture.Dir(w, "cache/");
            StoreFixture.File(w, "cache/.wh..wh..opq", "");
            StoreFixture.File(w, "cache/new", "fresh");
        });
        var image = Assert.Single(await _store.Images.LoadAsync(new MemoryStream(StoreFixture.DockerSave("layered:1", bottom, top)), default));
        Assert.Equal(2, image.Layers.Count);

        var rootfs = _store.Mount(Id("wh"), image);

        Assert.Equal("kept", File.ReadAllText(Path.Combine(rootfs, "etc/keep")));
        Assert.False(File.Exists(Path.Combine(rootfs, "etc/gone")));
        Assert.Equal(["new"], Directory.GetFileSystemEntries(Path.Combine(rootfs, "cache")).Select(Path.GetFileName));
        // The lower layer itself is untouched: the whiteout lives only in the upper image layer.
        Assert.True(File.Exists(Path.Combine(_store.Images.LayerPaths(image)[0], "etc/gone")));
    }

    [OverlayFact]
    public async Task An_image_repeating_the_empty_layer_mounts()
    {
        var empty = new byte[1024]; // the end-of-archive marker alone, as docker writes an empty layer
        Assert.Equal("5f70bf18a086007016e948b04aed3b82103a36bea41755b6cddfaf10ace3c6ef", StoreFixture.Sha(empty));
        var image = Assert.Single(await _store.Images.LoadAsync(
            new MemoryStream(StoreFixture.DockerSave("empties:1", SimpleRootfs(), empty, empty)), default));
        Assert.Equal(3, image.Layers.Count);

        var rootfs = _store.Mount(Id("empty"), image);

        Assert.Equal("hello from the image", File.ReadAllText(Path.Combine(rootfs, "bin/hello")));
    }

    [OverlayFact]
    public async Task An_image_with_more_layers_than_one_page_of_mount_options_mounts()
    {
        var layers = Enumerable.Range(0, 70).Select(i => StoreFixture.Tar(w => StoreFixture.File(w, $"f{i}", $"layer {i}"))).ToArray();
        var image = Assert.Single(await _store.Images.LoadAsync(new MemoryStream(StoreFixture.DockerSave("tall:1", layers)), default));
        var plain = Snapshots.OverlayMountOptions.BuildUnchecked(_store.Images.LayerPaths(image), "/u", "/w");
        Assert.True(plain.Length > Snapshots.OverlayMountOptions.MaxLength, $"only {plain.Length} bytes: the test needs more layers");

        var rootfs = _store.Mount(Id("tall"), image);

        Assert.Equal("layer 0", File.ReadAllText(Path.Combine(rootfs, "f0")));
        Assert.Equal("layer 69", File.ReadAllText(Path.Combine(rootfs, "f69")));
    }

    [OverlayFact]
    public async Task Two_containers_of_one_image_share_one_unpacked_layer()
    {
        var image = await _store.Images.ImportAsync(new MemoryStream(SimpleRootfs()), "shared:1", null, default);
        var layerFile = Path.Combine(_store.Images.LayerPaths(image)[0], "bin/hello");

        var first = _store.Mount(Id("a"), image);
        var second = _store.Mount(Id("b"), image);

        Assert.Single(Directory.GetDirectories(_store.LayersDirectory));
        var inode = StoreFixture.Stat(layerFile, "%i");
        Assert.Equal(inode, StoreFixture.Stat(Path.Combine(first, "bin/hello"), "%i"));
        Assert.Equal(inode, StoreFixture.Stat(Path.Combine(second, "bin/hello"), "%i"));
        Assert.Equal("hello from the image", File.ReadAllText(Path.Combine(second, "bin/hello")));
    }

    [OverlayFact]
    public async Task Remove_unmounts_and_deletes_the_container_directory_but_not_the_layer()
    {
        var image = await _store.Images.ImportAsync(new MemoryStream(SimpleRootfs()), "rm:1", null, default);
        var id = Id("rm");
        var rootfs = _store.Mount(id, image);
        File.WriteAllText(Path.Combine(rootfs, "scratch"), "x");

        _store.Snapshotter.Remove(id);

        Assert.False(_store.Snapshotter.IsMounted(id));
        Assert.False(Directory.Exists(_store.Snapshotter.ContainerDirectory(id)));
        Assert.True(File.Exists(Path.Combine(_store.Images.LayerPaths(image)[0], "bin/hello")));
    }

    [OverlayFact]
    public async Task Mount_is_idempotent_and_unmount_of_an_unmounted_rootfs_is_harmless()
    {
        var image = await _store.Images.ImportAsync(new MemoryStream(SimpleRootfs()), "idem:1", null, default);
        var id = Id("idem");

        var rootfs = _store.Mount(id, image);
        _store.Snapshotter.Mount(id, _store.Images.LayerPaths(image));

        Assert.Single(Snapshots.MountInfo.MountPoints(), m => m == rootfs);
        _store.Snapshotter.Unmount(id);
        _store.Snapshotter.Unmount(id);
        Assert.False(_store.Snapshotter.IsMounted(id));
        Assert.DoesNotContain(rootfs, Snapshots.MountInfo.MountPoints());
    }

    [OverlayFact]
    public async Task The_builtin_busybox_image_is_created_once_and_runs_sh()
    {
        Assert.True(File.Exists("/bin/busybox"), "busybox-static is not installed (/bin/busybox)");

        await _store.Images.EnsureBuiltinImageAsync(default);
        await _store.Images.EnsureBuiltinImageAsync(default);

        var image = Assert.Single(_store.Images.List());
        Assert.Equal(["busybox:latest"], image.RepoTags);
        Assert.Equal(image.Id, _store.Images.Resolve("docker.io/library/busybox:latest").Id);
        Assert.Equal(["sh"], image.Config.Cmd);
        var layer = _store.Images.LayerPaths(image)[0];
        Assert.Equal("busybox", new FileInfo(Path.Combine(layer, "bin/sh")).LinkTarget);
        Assert.Equal("busybox", new FileInfo(Path.Combine(layer, "bin/ls")).LinkTarget);
        Assert.Equal("1777", StoreFixture.Stat(Path.Combine(layer, "tmp"), "%a"));
        Assert.Contains("root:x:0:0", File.ReadAllText(Path.Combine(layer, "etc/passwd")));

        var rootfs = _store.Mount(Id("bb"), image);
        Assert.Equal("ok\n", StoreFixture.Run("chroot", rootfs, "/bin/sh", "-c", "echo ok"));
    }
}
