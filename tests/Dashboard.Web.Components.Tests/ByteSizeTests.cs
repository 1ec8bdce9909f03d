using Dashboard.Web.Components;

namespace Dashboard.Web.Components.Tests;

/// <summary>The dashboard's one byte formatter (issue 10 point 4): the Containers list and the container page print
/// the same value the same way.</summary>
public sealed class ByteSizeTests
{
    [Theory]
    [InlineData(0, "0 B")]
    [InlineData(512, "512 B")]
    [InlineData(1023, "1023 B")]
    [InlineData(1024, "1 KiB")]
    [InlineData(1536, "1.5 KiB")]
    [InlineData(64L << 20, "64 MiB")]
    [InlineData(209_715_200, "200 MiB")]
    [InlineData(1_610_612_736, "1.5 GiB")]
    [InlineData(1L << 40, "1 TiB")]
    [InlineData(-2048, "-2 KiB")]
    public void Sizes_are_binary_with_at_most_one_decimal(long bytes, string expected) =>
        Assert.Equal(expected, ByteSize.Format(bytes));
}
