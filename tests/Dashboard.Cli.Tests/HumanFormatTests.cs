using Dashboard.Cli.Formatting;

namespace Dashboard.Cli.Tests;

/// <summary>The docker wording (go-units HumanDuration / HumanSizeWithPrecision(3)).</summary>
public sealed class HumanFormatTests
{
    [Theory]
    [InlineData(0, "Less than a second")]
    [InlineData(0.9, "Less than a second")]
    [InlineData(1, "1 second")]
    [InlineData(59, "59 seconds")]
    [InlineData(60, "About a minute")]
    [InlineData(119, "About a minute")]
    [InlineData(120, "2 minutes")]
    [InlineData(59 * 60, "59 minutes")]
    [InlineData(60 * 60, "About an hour")]
    [InlineData(89 * 60, "About an hour")]
    [InlineData(90 * 60, "2 hours")]
    [InlineData(47 * 3600, "47 hours")]
    [InlineData(48 * 3600, "2 days")]
    [InlineData(13 * 86400, "13 days")]
    [InlineData(14 * 86400, "2 weeks")]
    [InlineData(60 * 86400, "2 months")]
    [InlineData(730 * 86400, "2 years")]
    public void Duration_matches_docker(double seconds, string expected) =>
        Assert.Equal(expected, HumanFormat.Duration(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void Ago_clamps_future_times_to_now()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.Equal("5 minutes ago", HumanFormat.Ago(now.AddMinutes(-5), now));
        Assert.Equal("Less than a second ago", HumanFormat.Ago(now.AddMinutes(1), now));
    }

    [Theory]
    [InlineData(0, "0B")]
    [InlineData(999, "999B")]
    [InlineData(1000, "1kB")]
    [InlineData(12_345, "12.3kB")]
    [InlineData(4_261_234, "4.26MB")]
    [InlineData(1_234_567_890, "1.23GB")]
    [InlineData(5_000_000_000_000, "5TB")]
    public void Size_is_decimal_with_three_significant_digits(long bytes, string expected) =>
        Assert.Equal(expected, HumanFormat.Size(bytes));

    [Theory]
    [InlineData("short", 20, "short")]
    [InlineData("exactly twenty chars", 20, "exactly twenty chars")]
    [InlineData("sh -c echo hi; sleep inf", 20, "sh -c echo hi; slee…")]
    public void Ellipsis_keeps_the_width(string text, int max, string expected)
    {
        Assert.Equal(expected, HumanFormat.Ellipsis(text, max));
        Assert.True(HumanFormat.Ellipsis(text, max).Length <= max);
    }

    [Theory]
    [InlineData("sha256:0123456789abcdef0123", "0123456789ab")]
    [InlineData("fedcba9876543210fedcba", "fedcba987654")]
    [InlineData("abc", "abc")]
    public void ShortId_is_twelve_hex_characters(string id, string expected) =>
        Assert.Equal(expected, HumanFormat.ShortId(id));

    [Fact]
    public void Timestamp_is_rfc3339_utc_with_nanoseconds()
    {
        var time = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1234567);
        Assert.Equal("2026-01-02T01:04:05.123456700Z", HumanFormat.Timestamp(time));
    }
}
