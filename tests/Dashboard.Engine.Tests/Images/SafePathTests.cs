using Dashboard.Engine.Images;

namespace Dashboard.Engine.Tests.Images;

public sealed class SafePathTests : IDisposable
{
    private readonly TempDir _root = new();

    public void Dispose() => _root.Dispose();

    [Theory]
    [InlineData("a/b/c", new[] { "a", "b", "c" })]
    [InlineData("/abs/path/", new[] { "abs", "path" })]
    [InlineData("./x/./y", new[] { "x", "y" })]
    [InlineData("./", new string[0])]
    [InlineData("//double//slash", new[] { "double", "slash" })]
    public void Entry_names_are_split_into_clean_components(string name, string[] expected)
    {
        Assert.Equal(expected, SafePath.SplitEntryName(name));
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/../b")]
    [InlineData("/../etc")]
    public void Dot_dot_is_refused(string name)
    {
        Assert.Throws<InvalidArchiveException>(() => SafePath.SplitEntryName(name));
    }

    [Fact]
    public void Symlinks_in_parents_resolve_inside_the_root()
    {
        Directory.CreateDirectory(_root.Sub("usr/lib"));
        File.CreateSymbolicLink(_root.Sub("lib"), "/usr/lib");
        File.CreateSymbolicLink(_root.Sub("up"), "../../../..");

        Assert.Equal(_root.Sub("usr/lib"), SafePath.ResolveDirectory(_root.Path, ["lib"], create: false));
        Assert.Equal(_root.Path, SafePath.ResolveDirectory(_root.Path, ["up"], create: false));
        Assert.Equal(_root.Sub("usr/lib/new"), SafePath.ResolveDirectory(_root.Path, ["up", "lib", "new"], create: true));
        Assert.True(Directory.Exists(_root.Sub("usr/lib/new")));
    }

    [Fact]
    public void Kind_does_not_follow_a_final_symlink()
    {
        Directory.CreateDirectory(_root.Sub("dir"));
        File.CreateSymbolicLink(_root.Sub("link"), "dir");
        File.CreateSymbolicLink(_root.Sub("dangling"), "/nowhere");

        Assert.Equal(PathKind.Directory, SafePath.Kind(_root.Sub("dir")));
        Assert.Equal(PathKind.Symlink, SafePath.Kind(_root.Sub("link")));
        Assert.Equal(PathKind.Symlink, SafePath.Kind(_root.Sub("dangling")));
        Assert.Equal(PathKind.None, SafePath.Kind(_root.Sub("missing")));
        Assert.Equal(PathKind.None, SafePath.Kind(_root.Sub("missing/below")));
    }
}
