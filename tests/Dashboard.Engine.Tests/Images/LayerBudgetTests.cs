using Dashboard.Engine.Images;

namespace Dashboard.Engine.Tests.Images;

/// <summary>The extractor stops reading a layer at its budget: endless tars show how far it read before stopping.</summary>
public sealed class LayerBudgetTests : IDisposable
{
    private const int KiB = 1024;
    private readonly TempDir _sandbox = new();

    public void Dispose() => _sandbox.Dispose();

    private static UnpackBudget Budget(long unpacked = 0, int entries = 0)
    {
        var limits = new ImageLimits(0, unpacked, entries, 0);
        return new UnpackBudget(limits, new FreeSpaceGuard(limits, "/", _ => long.MaxValue));
    }

    private void Extract(Stream layer, UnpackBudget budget) => LayerExtractor.Extract(layer, _sandbox.Path, budget);

    [Fact]
    public void An_endless_layer_is_read_only_up_to_the_unpacked_limit()
    {
        var layer = new EndlessStream([], ArchiveBombs.Entry("zeros", 64 * KiB)); // the same file, forever

        var error = Assert.Throws<ImageLimitExceededException>(() => Extract(layer, Budget(unpacked: 1024 * KiB)));

        Assert.Equal(ImageLimits.MaxUnpackedSizeKey, error.Setting);
        Assert.InRange(layer.Produced, 1024 * KiB - 64 * KiB, 1024 * KiB + 160 * KiB);
    }

    [Fact]
    public void An_endless_run_of_empty_files_stops_at_the_entry_limit()
    {
        var entry = ArchiveBombs.Entry("empty", 0);
        var layer = new EndlessStream([], entry);

        var error = Assert.Throws<ImageLimitExceededException>(() => Extract(layer, Budget(entries: 1000)));

        Assert.Equal(ImageLimits.MaxEntriesKey, error.Setting);
        Assert.InRange(layer.Produced, 1000L * entry.Length, 1002L * entry.Length);
    }

    [Fact]
    public void A_file_over_the_limit_is_refused_from_its_header_before_its_content()
    {
        var layer = new EndlessStream(new RawTar().Header('0', "huge", 4L << 30).Open(), new byte[512]);

        Assert.Throws<ImageLimitExceededException>(() => Extract(layer, Budget(unpacked: 1024 * KiB)));

        Assert.True(layer.Produced <= 8 * KiB, $"read {layer.Produced} bytes");
        Assert.False(File.Exists(Path.Combine(_sandbox.Path, "huge")));
    }

    [Theory]
    [InlineData('x', "PAX")]
    [InlineData('L', "GNU long name")]
    public void A_metadata_header_claiming_half_a_gigabyte_is_refused_before_it_is_buffered(char type, string what)
    {
        var layer = new EndlessStream(new RawTar().Header(type, "meta", 512 << 20).Open(), new byte[512]);

        var error = Assert.Throws<InvalidArchiveException>(() => LayerExtractor.Extract(layer, _sandbox.Path));

        Assert.Equal($"the archive has a {what} header of 536870912 bytes; at most 1048576 are allowed", error.Message);
        Assert.True(layer.Produced <= 8 * KiB, $"read {layer.Produced} bytes");
    }
}
