using System.Text;
using Dashboard.Engine.Containers;

namespace Dashboard.Engine.Tests.Containers;

public sealed class K8sLogFormatTests
{
    [Fact]
    public void Full_line_gets_its_newline_back_and_nanoseconds_are_kept_to_ticks()
    {
        Assert.True(K8sLogFormat.TryParse("2026-11-28T05:00:01.123456789+00:00 stdout F hello world"u8, out var entry));
        Assert.Equal(LogStream.Stdout, entry.Stream);
        Assert.Equal("hello world\n", Encoding.UTF8.GetString(entry.Content));
        Assert.Equal(new DateTimeOffset(2026, 11, 28, 5, 0, 1, TimeSpan.Zero).AddTicks(1234567), entry.Time);
    }

    [Fact]
    public void Partial_line_has_no_newline_and_stderr_is_recognised()
    {
        Assert.True(K8sLogFormat.TryParse("2026-11-28T05:00:01.5+01:00 stderr P no newline"u8, out var entry));
        Assert.Equal(LogStream.Stderr, entry.Stream);
        Assert.Equal("no newline", Encoding.UTF8.GetString(entry.Content));
        Assert.Equal(TimeSpan.FromHours(1), entry.Time.Offset);
    }

    [Fact]
    public void Empty_full_line_is_a_bare_newline()
    {
        Assert.True(K8sLogFormat.TryParse("2026-11-28T05:00:01Z stdout F"u8, out var entry));
        Assert.Equal("\n", Encoding.UTF8.GetString(entry.Content));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("2026-11-28T05:00:01Z stdin F x")]
    [InlineData("notatime stdout F x")]
    public void Malformed_lines_are_rejected(string line) =>
        Assert.False(K8sLogFormat.TryParse(Encoding.UTF8.GetBytes(line), out _));
}
