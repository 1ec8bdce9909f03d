using Dashboard.Engine.Images;

namespace Dashboard.Engine.IntegrationTests.Images;

/// <summary>
/// Issue 9 point 3: seeding the built-in busybox image (about a MiB) needs room for itself plus a small margin, not
/// the 2 GiB import reserve (Engine:ImageFreeSpaceReserve), which made a fresh daemon on a small disk refuse to start.
/// Needs the host's static busybox; the free space the file system reports is replaced.
/// </summary>
public sealed class BuiltinSeedSpaceTests : IDisposable
{
    private const long MiB = 1 << 20;
    private readonly StoreFixture _store = new();

    public void Dispose() => _store.Dispose();

    [OverlayFact]
    public async Task The_builtin_image_is_seeded_with_far_less_free_space_than_the_import_reserve()
    {
        Assert.True(File.Exists("/bin/busybox"), "busybox-static is not installed (/bin/busybox)");
        Assert.Equal("2GiB", _store.Options.ImageFreeSpaceReserve); // the default, meant for imports
        _store.Images.AvailableBytes = _ => 100 * MiB;

        await _store.Images.EnsureBuiltinImageAsync(default);

        Assert.Equal(["busybox:latest"], Assert.Single(_store.Images.List()).RepoTags);
    }

    [OverlayFact]
    public async Task Seeding_still_leaves_its_margin_free()
    {
        Assert.True(File.Exists("/bin/busybox"), "busybox-static is not installed (/bin/busybox)");
        _store.Images.AvailableBytes = _ => BuiltinImage.FreeSpaceMargin - 1;

        var error = await Assert.ThrowsAsync<ImageLimitExceededException>(() => _store.Images.EnsureBuiltinImageAsync(default));

        Assert.Contains("not enough disk space", error.Message);
        Assert.Empty(_store.Images.List());
    }
}
