using Dashboard.Engine.ContainerFiles;

namespace Dashboard.Engine.Tests.ContainerFiles;

/// <summary>Paths are cleaned as Docker cleans them (filepath.Join("/", p)), keeping what "/" and "/." at the end say.</summary>
public sealed class ContainerPathTests
{
    [Theory]
    [InlineData("/a/b", "a/b", "b", false, false)]
    [InlineData("a/b", "a/b", "b", false, false)]
    [InlineData("/a/b/", "a/b", "b", true, false)]
    [InlineData("/a/b/.", "a/b", ".", false, true)]
    [InlineData("/a/b/./", "a/b", ".", false, true)]
    [InlineData("/a/./b//c", "a/b/c", "c", false, false)]
    [InlineData("/../../etc/passwd", "etc/passwd", "passwd", false, false)]
    [InlineData("a/../../b", "b", "b", false, false)]
    [InlineData("/", ".", "/", false, false)]
    [InlineData(".", ".", "/", false, false)]
    [InlineData("/..", ".", "/", false, false)]
    public void Parse_cleans_lexically_and_keeps_the_trailing_meaning(string raw, string relative, string baseName, bool slash, bool dot)
    {
        var path = ContainerPath.Parse(raw);
        Assert.Equal(relative, path.Relative);
        Assert.Equal(baseName, path.BaseName);
        Assert.Equal((slash, dot), (path.TrailingSlash, path.TrailingDot));
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("/a\0b")]
    public void An_empty_path_or_one_with_NUL_is_refused(string? raw) =>
        Assert.Throws<ValidationException>(() => ContainerPath.Parse(raw));
}
