using Dashboard.Engine.Runtime;

namespace Dashboard.Engine.Tests.Runtime;

public sealed class RuntimeVersionParserTests
{
    [Theory]
    [InlineData("runc", "runc version 1.1.5+ds1\ncommit: 1.1.5+ds1-1+deb12u1\nspec: 1.0.2-dev\n", "1.1.5+ds1")]
    [InlineData("runc", "runc version 1.2.0-rc.1\n", "1.2.0-rc.1")]
    [InlineData("crun", "crun version 1.8.1\ncommit: f8a096be\nrundir: /run/crun\n", "1.8.1")]
    [InlineData("conmon", "conmon version 2.1.6\ncommit: unknown\n", "2.1.6")]
    [InlineData("runc", "crun version 1.8.1\n", null)]
    [InlineData("runc", "Usage: runc [options]\n", null)]
    [InlineData("runc", "", null)]
    public void Parses_the_banner_of_the_named_program(string program, string output, string? expected) =>
        Assert.Equal(expected, RuntimeVersionParser.Parse(program, output));

    [Theory]
    [InlineData("1.1.5+ds1", "1.1.5")]
    [InlineData("1.2.0-rc.1", "1.2.0")]
    [InlineData("2", "2.0")]
    [InlineData("v1", null)]
    [InlineData(null, null)]
    public void Numeric_part_compares_as_a_version(string? version, string? expected) =>
        Assert.Equal(expected is null ? null : Version.Parse(expected), RuntimeVersionParser.Numeric(version));

    [Fact]
    public void Debian_runc_predates_the_CVE_2024_21626_fix()
    {
        Assert.True(RuntimeVersionParser.Numeric("1.1.5+ds1") < new Version(1, 1, 12));
    }
}
