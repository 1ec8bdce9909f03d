using System.Diagnostics;
using System.Text.Json;
using Dashboard.Engine.Configuration;
using Dashboard.Engine.Images;
using Dashboard.Engine.Interop;
using Microsoft.Extensions.Logging.Abstractions;

namespace Dashboard.Engine.Tests.Images;

/// <summary>Imports and loads stopped by Engine:Image* limits (tiny ones, so the bombs stay fast): the message
/// names limit, value and setting, and nothing of the refused operation is left on disk or in the list.</summary>
public sealed class ImageLimitTests : IDisposable
{
    private const long MiB = 1 << 20;
    private const long GiB = 1L << 30;
    private readonly TempDir _root = new();
    private ImageService _images = null!;

    public void Dispose() => _root.Dispose();

    private ImageService Service(string upload = "0", string unpacked = "0", int entries = 0, string reserve = "0") =>
        _images = new ImageService(new EngineOptions
        {
            DataRoot = _root.Path,
            ImageMaxUploadSize = upload,
            ImageMaxUnpackedSize = unpacked,
            ImageMaxEntries = entries,
            ImageFreeSpaceReserve = reserve,
        }, new FakeImageUsage(), NullLogger<ImageService>.Instance);

    private Task<ImageRecord> ImportAsync(Stream tar, string? reference = null) => _images.ImportAsync(tar, reference, null, default);

    private Task<ImageRecord> ImportAsync(byte[] tar, string? reference = null) => ImportAsync(new MemoryStream(tar), reference);

    private static byte[] Small(string marker) => new TarBuilder().File("marker", marker).Build();

    /// <summary>Only <paramref name="before"/> is listed and stored; no layer, spool or work directory is left.</summary>
    private void AssertNothingAdded(ImageRecord? before)
    {
        Assert.Equal(before is null ? [] : [before.Id], _images.List().Select(i => i.Id));
        Assert.Equal(before is null ? [] : before.Layers.Select(l => l[7..]).ToArray(),
            Directory.GetDirectories(_root.Sub("image/layers")).Select(Path.GetFileName).ToArray());
        Assert.Equal(before is null ? [] : [before.Id[7..] + ".json"],
            Directory.GetFiles(_root.Sub("image/images")).Select(Path.GetFileName).ToArray());
        Assert.Empty(Directory.GetFileSystemEntries(_root.Sub("image/tmp")));
    }

    [Fact]
    public async Task A_gzip_bomb_import_stops_at_the_unpacked_limit()
    {
        Service(unpacked: "1MiB");
        var before = await ImportAsync(Small("kept"), "kept");
        var bomb = ArchiveBombs.GzipTarOfZeros(files: 256, fileSize: 256 * 1024);
        Assert.True(bomb.Length < 256 * 1024, $"a bomb is small on the wire: {bomb.Length} bytes for 64 MiB of files");

        var error = await Assert.ThrowsAsync<ImageLimitExceededException>(() => ImportAsync(bomb, "bomb"));

        Assert.Equal("the image unpacks to more than 1MiB, the limit per image; raise Engine:ImageMaxUnpackedSize to accept it", error.Message);
        Assert.Equal(ImageLimits.MaxUnpackedSizeKey, error.Setting);
        Assert.False(error.UploadTooLarge);
        AssertNothingAdded(before);
        Assert.False(_images.TryResolve("bomb", out _));
    }

    [Fact]
    public async Task A_load_whose_second_image_is_a_bomb_records_neither_image()
    {
        Service(unpacked: "1MiB");
        var archive = TwoImageSave(Small("first"), ArchiveBombs.GzipTarOfZeros(files: 64, fileSize: 256 * 1024));

        var error = await Assert.ThrowsAsync<ImageLimitExceededException>(() => _images.LoadAsync(new MemoryStream(archive), default));

        Assert.Contains("raise Engine:ImageMaxUnpackedSize", error.Message);
        AssertNothingAdded(null); // the first image's layer was unpacked, and is gone again
        Assert.False(_images.TryResolve("first:1", out _));
    }

    [Fact]
    public async Task Too_many_entries_are_refused_and_exactly_the_limit_is_fine()
    {
        Service(entries: 50);
        TarBuilder Files(int n)
        {
            var tar = new TarBuilder();
            for (var i = 0; i < n; i++) tar.File($"f{i}", "");
            return tar;
        }
        var fits = await ImportAsync(Files(50).Build(), "fits");

        var error = await Assert.ThrowsAsync<ImageLimitExceededException>(() => ImportAsync(Files(51).Build(), "flood"));

        Assert.Equal("the image has more than 50 files, directories and links, the limit per image; raise Engine:ImageMaxEntries to accept it", error.Message);
        AssertNothingAdded(fits);
    }

    [Fact]
    public async Task An_endless_upload_is_cut_off_at_the_upload_limit()
    {
        Service(upload: "1MiB");
        var upload = new EndlessStream([], new byte[4096]);

        var error = await Assert.ThrowsAsync<ImageLimitExceededException>(() => ImportAsync(upload));

        Assert.Equal("the archive is larger than 1MiB, the upload limit; raise Engine:ImageMaxUploadSize to accept it", error.Message);
        Assert.True(error.UploadTooLarge);
        Assert.InRange(upload.Produced, MiB, MiB + 128 * 1024);
        AssertNothingAdded(null);

        var load = new EndlessStream([], new byte[4096]);
        await Assert.ThrowsAsync<ImageLimitExceededException>(() => _images.LoadAsync(load, default));
        Assert.InRange(load.Produced, MiB, MiB + 128 * 1024);
        AssertNothingAdded(null);
    }

    [Fact]
    public async Task A_gzip_compressed_load_archive_may_not_expand_past_the_upload_limit()
    {
        Service(upload: "1MiB");
        var bomb = ArchiveBombs.GzipZeros(64 * MiB);
        Assert.True(bomb.Length < MiB);

        var error = await Assert.ThrowsAsync<ImageLimitExceededException>(() => _images.LoadAsync(new MemoryStream(bomb), default));

        Assert.Equal("the archive expands to more than 1MiB when decompressed, over the upload limit; raise Engine:ImageMaxUploadSize to accept it", error.Message);
        Assert.False(error.UploadTooLarge); // the upload itself was small: a plain 400
        AssertNothingAdded(null);
    }

    [Fact]
    public async Task Free_space_is_checked_again_while_the_layer_unpacks()
    {
        Service(reserve: "1GiB");
        var calls = 0;
        // Plenty at the start; then something else fills the disk while the layer unpacks.
        _images.AvailableBytes = _ => ++calls == 1 ? 10 * GiB : GiB - 1;

        var error = await Assert.ThrowsAsync<ImageLimitExceededException>(() => ImportAsync(ArchiveBombs.GzipTarOfZeros(files: 64, fileSize: MiB)));

        Assert.Equal(2, calls); // the check before spooling passed; the one after 8 MiB of unpacking stopped it
        Assert.StartsWith($"not enough disk space: storing the image would leave less than 1GiB free on the file system of {_root.Sub("image")} (1024MiB (1073741823 bytes) available)", error.Message);
        Assert.EndsWith("the reserve set by Engine:ImageFreeSpaceReserve; free some space (remove unused images and containers) or lower Engine:ImageFreeSpaceReserve", error.Message);
        AssertNothingAdded(null);
    }

    [Fact]
    public async Task A_file_that_would_cross_the_reserve_is_refused_from_its_header()
    {
        Service(reserve: "1GiB");
        var calls = 0;
        _images.AvailableBytes = _ => { calls++; return GiB + 16 * MiB; }; // never below the reserve by itself

        var error = await Assert.ThrowsAsync<ImageLimitExceededException>(() => ImportAsync(ArchiveBombs.GzipTarOfZeros(files: 1, fileSize: 32 * MiB)));

        Assert.Equal(2, calls); // before spooling, and for the 32 MiB file before its first byte
        Assert.Contains("would leave less than 1GiB free", error.Message);
        Assert.Equal(ImageLimits.FreeSpaceReserveKey, error.Setting);
        AssertNothingAdded(null);
    }

    [Fact]
    public async Task The_reserve_is_measured_on_the_real_file_system()
    {
        Service(reserve: "1PiB");

        var error = await Assert.ThrowsAsync<ImageLimitExceededException>(() => ImportAsync(Small("x")));

        Assert.Contains($"less than 1PiB free on the file system of {_root.Sub("image")}", error.Message);
        AssertNothingAdded(null);
    }

    [Fact]
    public async Task Under_the_limits_imports_and_loads_work()
    {
        Service(upload: "1MiB", unpacked: "1MiB", entries: 10, reserve: "1MiB");

        await ImportAsync(Small("fine"), "fine");
        var loaded = await _images.LoadAsync(new MemoryStream(TwoImageSave(Small("a"), Small("b"))), default);

        Assert.Equal(["first:1", "second:1"], loaded.SelectMany(i => i.RepoTags).Order());
    }

    [Fact]
    public void Settings_have_defaults_and_bad_ones_are_named()
    {
        Assert.Equal(new ImageLimits(32 * GiB, 32 * GiB, 1_000_000, 2 * GiB), ImageLimits.From(new EngineOptions()));

        var error = Assert.Throws<ValidationException>(() => ImageLimits.From(new EngineOptions
        {
            ImageMaxUploadSize = "lots", ImageFreeSpaceReserve = "-1", ImageMaxEntries = -1,
        }));

        Assert.Equal([ImageLimits.MaxUploadSizeKey, ImageLimits.FreeSpaceReserveKey, ImageLimits.MaxEntriesKey], error.Errors.Select(e => e.Field));
        Assert.Equal("Engine:ImageMaxUploadSize is \"lots\" (invalid size: 'lots'); use a size like \"32GiB\" or \"500MiB\", or 0 for no limit.", error.Errors[0].Message);
    }

    [Fact]
    public void Available_bytes_agree_with_df()
    {
        var info = new ProcessStartInfo("df", ["-B1", "--output=avail", _root.Path]) { RedirectStandardOutput = true };
        using var df = Process.Start(info)!;
        var expected = long.Parse(df.StandardOutput.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Trim());
        df.WaitForExit();

        Assert.InRange(LibC.AvailableBytes(_root.Path), expected - 256 * MiB, expected + 256 * MiB);
    }

    /// <summary>docker save with two images: first:1 on <paramref name="first"/>, second:1 on <paramref name="second"/>.
    /// The second layer's diff id is the sha of the blob as given, so a bomb fails on its size, never on the id.</summary>
    private static byte[] TwoImageSave(byte[] first, byte[] second)
    {
        var files = new List<(string, byte[])>();
        var manifest = new List<object>();
        foreach (var (layer, tag) in new[] { (first, "first:1"), (second, "second:1") })
        {
            var config = ArchiveBuilder.Config([layer], new { Cmd = new[] { tag } });
            files.Add(($"{ArchiveBuilder.Sha(config)}.json", config));
            files.Add(($"{ArchiveBuilder.Sha(layer)}/layer.tar", layer));
            manifest.Add(new { Config = $"{ArchiveBuilder.Sha(config)}.json", RepoTags = new[] { tag }, Layers = new[] { $"{ArchiveBuilder.Sha(layer)}/layer.tar" } });
        }
        files.Add(("manifest.json", JsonSerializer.SerializeToUtf8Bytes(manifest)));
        return ArchiveBuilder.Tar(files);
    }
}
