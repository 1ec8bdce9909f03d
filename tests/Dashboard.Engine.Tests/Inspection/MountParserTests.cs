using Dashboard.Engine.Inspection;
using Dashboard.Engine.Inspection.Mounts;
using Dashboard.Engine.Tests.Images;

namespace Dashboard.Engine.Tests.Inspection;

public sealed class MountParserTests
{
    private static readonly Dictionary<string, string> Digests = new()
    {
        ["/data/image/layers/aa/diff"] = "sha256:aa",
        ["/data/image/layers/bb/diff"] = "sha256:bb",
    };

    [Fact]
    public void Overlay_options_from_the_new_mount_api_list_one_lowerdir_per_option()
    {
        var root = OverlayRoot.Parse("rw,lowerdir+=/data/image/layers/bb/diff,lowerdir+=/data/image/layers/aa/diff,upperdir=/u,workdir=/w", Digests);

        Assert.Equal([new OverlayLayer("/data/image/layers/bb/diff", "sha256:bb"), new OverlayLayer("/data/image/layers/aa/diff", "sha256:aa")], root.Layers);
        Assert.Equal(("/u", "/w"), (root.UpperDir, root.WorkDir));
    }

    [Fact]
    public void A_lowerdir_that_is_no_image_layer_has_no_digest_and_escapes_are_decoded()
    {
        var root = OverlayRoot.Parse(@"lowerdir=/data/containers/x/empty:/odd\040dir,upperdir=/u,workdir=/w", Digests);

        Assert.Equal([new OverlayLayer("/data/containers/x/empty", null), new OverlayLayer("/odd dir", null)], root.Layers);
    }

    [Fact]
    public void A_short_link_lowerdir_is_followed_to_the_layer_it_names()
    {
        using var dir = new TempDir();
        var layer = dir.Sub("image/layers/cc/diff");
        Directory.CreateDirectory(layer);
        Directory.CreateDirectory(dir.Sub("l"));
        File.CreateSymbolicLink(dir.Sub("l/0123456789ab"), layer);

        var root = OverlayRoot.Parse($"lowerdir={dir.Sub("l/0123456789ab")},upperdir=/u,workdir=/w", new Dictionary<string, string> { [layer] = "sha256:cc" });

        Assert.Equal([new OverlayLayer(layer, "sha256:cc")], root.Layers);
    }

    [Fact]
    public void The_visible_mount_decides_read_only_and_a_container_without_overlay_has_no_root_view()
    {
        const string mountInfo = "1 0 0:1 / / rw - ext4 /dev/sda rw\n"
            + "2 1 0:2 / /proc rw,nosuid - proc proc rw\n"
            + "3 2 0:2 /sys /proc/sys ro,nosuid - proc proc rw\n"
            + "4 2 0:3 / /proc/sys rw - tmpfs tmpfs rw\n";

        var view = MountTableReader.Read(mountInfo, Digests, new HardenedPaths(["/proc/kcore"], ["/proc/sys"]));

        Assert.Null(view.Root);
        Assert.Equal(4, view.Mounts.Count);
        Assert.True(view.Mounts[2].ReadOnly);
        Assert.Empty(view.ReadonlyPaths); // the last mount at /proc/sys (on top) is writable
        Assert.Empty(view.MaskedPaths);
    }

    [Fact]
    public void A_bundle_config_that_is_missing_or_broken_falls_back_to_the_defaults()
    {
        using var dir = new TempDir();
        Assert.Same(HardenedPaths.Defaults, HardenedPaths.FromBundle(dir.Sub("config.json")));
        File.WriteAllText(dir.Sub("config.json"), "{ not json");
        Assert.Same(HardenedPaths.Defaults, HardenedPaths.FromBundle(dir.Sub("config.json")));
        File.WriteAllText(dir.Sub("config.json"), """{"linux":{}}""");
        Assert.Equal((0, 0), (HardenedPaths.FromBundle(dir.Sub("config.json")).Masked.Count, HardenedPaths.FromBundle(dir.Sub("config.json")).Readonly.Count));
    }
}
