using System.Formats.Tar;
using Dashboard.Engine.ContainerFiles;

namespace Dashboard.Engine.Tests.ContainerFiles;

/// <summary>Paths in a container resolve as under a chroot: no "..", absolute symlink or symlink to "/" leads out of the
/// root, and what lies outside (the canary) is never found, stat-ed or archived.</summary>
public sealed class InRootResolverTests
{
    [Theory]
    [InlineData("/up/canary.txt")]
    [InlineData("/dotdot/canary.txt")]
    [InlineData("/toroot/../../canary.txt")]
    [InlineData("/../canary.txt")]
    [InlineData("/outside/canary.txt")]
    [InlineData("/up/outside/canary.txt")]
    public void Escapes_find_nothing(string path)
    {
        using var tree = new RootTree();
        using var root = tree.Open();
        Assert.Null(root.Stat(ContainerPath.Parse(path)));
    }

    [Fact]
    public async Task An_absolute_symlink_resolves_to_the_containers_own_file()
    {
        using var tree = new RootTree();
        using var root = tree.Open();
        var stat = root.Stat(ContainerPath.Parse("/abs"))!;
        Assert.True(stat.IsSymlink);
        Assert.Equal("abs", stat.Name);
        Assert.Equal("/etc/passwd", stat.LinkTarget);

        // Through the symlink and up past the root: the container's /etc/passwd, never the canary's.
        var entries = await tree.ArchiveAsync("/up/etc/passwd");
        var passwd = Assert.Single(entries);
        Assert.Equal(("passwd", TarEntryType.RegularFile), (passwd.Name, passwd.Type));
        Assert.StartsWith("root:x:0:0", passwd.Content);
        var viaRoot = await tree.ArchiveAsync("/toroot/etc/");
        Assert.Equal(["etc/", "etc/group", "etc/passwd"], viaRoot.Select(e => e.Name));
        Assert.DoesNotContain(viaRoot, e => e.Content.Contains("CANARY"));
    }

    [Fact]
    public void A_symlinks_target_is_resolved_inside_the_root()
    {
        using var tree = new RootTree();
        File.CreateSymbolicLink(tree.In("chain"), "../toroot/d/s");
        File.CreateSymbolicLink(tree.In("dangling"), "/nowhere/at/all");
        using var root = tree.Open();
        Assert.Equal("/d/f", root.Stat(ContainerPath.Parse("/chain"))!.LinkTarget);
        Assert.Equal("/", root.Stat(ContainerPath.Parse("/dotdot"))!.LinkTarget);
        Assert.Equal("/", root.Stat(ContainerPath.Parse("/up"))!.LinkTarget);
        Assert.Equal("/nowhere/at/all", root.Stat(ContainerPath.Parse("/dangling"))!.LinkTarget);
        Assert.Equal(tree.Outside, root.Stat(ContainerPath.Parse("/outside"))!.LinkTarget); // a name inside, nothing more
    }

    [Fact]
    public void A_trailing_slash_follows_the_last_symlink_and_a_file_there_is_no_directory()
    {
        using var tree = new RootTree();
        using var root = tree.Open();
        var followed = root.Stat(ContainerPath.Parse("/toroot/"))!;
        Assert.True(followed.IsDirectory);
        Assert.Equal("", followed.LinkTarget);
        Assert.Equal("toroot", followed.Name);
        Assert.Throws<ValidationException>(() => root.Stat(ContainerPath.Parse("/abs/")));
        Assert.Throws<ValidationException>(() => root.Stat(ContainerPath.Parse("/etc/passwd/x")));
        Assert.Equal("/", root.Stat(ContainerPath.Parse("/"))!.Name);
    }

    [Fact]
    public void Stat_reports_size_mode_and_mtime()
    {
        using var tree = new RootTree();
        File.SetUnixFileMode(tree.In("d/f"), (UnixFileMode)0b111_101_000);
        var mtime = new DateTimeOffset(2021, 5, 6, 7, 8, 9, TimeSpan.Zero);
        File.SetLastWriteTimeUtc(tree.In("d/f"), mtime.UtcDateTime);
        using var root = tree.Open();
        var stat = root.Stat(ContainerPath.Parse("/d/f"))!;
        Assert.Equal(6, stat.Size);
        Assert.Equal(0x8000u | 0b111_101_000, stat.Mode);
        Assert.Equal(mtime, stat.Mtime);
        Assert.Null(root.Stat(ContainerPath.Parse("/d/missing")));
    }
}
