using Dashboard.Cli.Copying;

namespace Dashboard.Cli.Tests;

/// <summary>dashctl cp splits its arguments as docker cp does.</summary>
public sealed class CopyArgumentTests
{
    [Theory]
    [InlineData("web:/etc/passwd", "web", "/etc/passwd")]
    [InlineData("web:", "web", "")]
    [InlineData("web:relative/path", "web", "relative/path")]
    [InlineData("/abs/with:colon", null, "/abs/with:colon")]
    [InlineData("./local:file", null, "./local:file")]
    [InlineData("local-file", null, "local-file")]
    [InlineData("-", null, "-")]
    public void Parse_tells_container_paths_from_local_ones(string argument, string? container, string path)
    {
        var parsed = CopyArgument.Parse(argument);
        Assert.Equal((container, path), (parsed.Container, parsed.Path));
    }

    [Theory]
    [InlineData("/a/b", "b", "/a", false)]
    [InlineData("/a/b/", "b", "/a", false)]
    [InlineData("/a/b/.", ".", "/a/b", true)]
    [InlineData("b", "b", "/", false)]
    [InlineData("/", "/", "/", false)]
    public void Names_parents_and_contents(string path, string baseName, string parent, bool contents)
    {
        Assert.Equal(baseName, CopyArgument.BaseName(path));
        Assert.Equal(parent, CopyArgument.ParentOf(path));
        Assert.Equal(contents, CopyArgument.MeansContents(path));
    }

    [Fact]
    public async Task An_archive_from_a_container_is_never_extracted_through_a_symlink()
    {
        using var dir = new TempDirectory("dash-cli-cp-");
        var outside = Directory.CreateTempSubdirectory("dash-cli-outside-").FullName;
        try
        {
            var tar = new MemoryStream();
            using (var writer = new System.Formats.Tar.TarWriter(tar, leaveOpen: true))
            {
                writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.SymbolicLink, "d/escape") { LinkName = outside });
                writer.WriteEntry(new System.Formats.Tar.PaxTarEntry(System.Formats.Tar.TarEntryType.RegularFile, "d/escape/pwned") { DataStream = new MemoryStream([1]) });
            }
            tar.Position = 0;
            var extractor = new HostExtractor(dir.Path, parts => parts, keepOwners: false, TextWriter.Null);
            var error = await Assert.ThrowsAsync<IOException>(() => extractor.ExtractAsync(tar, CancellationToken.None));
            Assert.Contains("through the symlink", error.Message);
            Assert.Empty(Directory.GetFileSystemEntries(outside));
            Assert.Throws<IOException>(() => HostExtractor.Split("a/../../b"));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }
}
