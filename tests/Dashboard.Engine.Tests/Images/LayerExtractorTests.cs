using System.Text;
using Dashboard.Engine.Images;
using Dashboard.Engine.Interop;

#pragma warning disable CA1416 // Linux-only engine

namespace Dashboard.Engine.Tests.Images;

public sealed class LayerExtractorTests : IDisposable
{
    private readonly TempDir _sandbox = new();
    private readonly string _dest;
    private readonly string _victim;

    public LayerExtractorTests()
    {
        _dest = _sandbox.Sub("dest");
        _victim = _sandbox.Sub("victim");
        Directory.CreateDirectory(_dest);
        Directory.CreateDirectory(_victim);
        File.WriteAllText(Path.Combine(_victim, "hello"), "hello");
    }

    public void Dispose() => _sandbox.Dispose();

    private LayerExtractResult Extract(byte[] tar) => LayerExtractor.Extract(new MemoryStream(tar), _dest);

    /// <summary>Nothing may appear next to dest/ or change inside victim/.</summary>
    private void AssertNothingOutside()
    {
        Assert.Equal(["dest", "victim"], Directory.GetFileSystemEntries(_sandbox.Path).Select(Path.GetFileName).Order());
        Assert.Equal(["hello"], Directory.GetFileSystemEntries(_victim).Select(Path.GetFileName));
        Assert.Equal("hello", File.ReadAllText(Path.Combine(_victim, "hello")));
    }

    [Fact]
    public void Regular_content_modes_links_and_times_are_preserved()
    {
        var tar = new TarBuilder()
            .Dir("etc/", (UnixFileMode)0b111_101_000)
            .File("etc/config", "x=1", (UnixFileMode)0b110_100_000)
            .Symlink("usr/bin/python", "/usr/bin/python3")
            .File("bin/tool", "#!/bin/sh", (UnixFileMode)0b111_101_101)
            .HardLink("bin/tool2", "bin/tool")
            .Build();

        var result = Extract(tar);

        Assert.Equal("x=1", File.ReadAllText(Path.Combine(_dest, "etc/config")));
        Assert.Equal((UnixFileMode)0b110_100_000, File.GetUnixFileMode(Path.Combine(_dest, "etc/config")));
        Assert.Equal((UnixFileMode)0b111_101_000, File.GetUnixFileMode(Path.Combine(_dest, "etc")));
        Assert.Equal("/usr/bin/python3", new FileInfo(Path.Combine(_dest, "usr/bin/python")).LinkTarget);
        Assert.Equal(TempDir.Stat(Path.Combine(_dest, "bin/tool"), "%i"), TempDir.Stat(Path.Combine(_dest, "bin/tool2"), "%i"));
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), File.GetLastWriteTimeUtc(Path.Combine(_dest, "etc/config")));
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), Directory.GetLastWriteTimeUtc(Path.Combine(_dest, "etc")));
        Assert.Equal(TarBuilder.DiffId(tar), result.DiffId);
        Assert.Equal(3 + 9, result.Size);
    }

    [RootFact]
    [Trait(TestCategory.Key, TestCategory.Root)]
    public void Ownership_is_preserved()
    {
        Extract(new TarBuilder().File("owned", "x", uid: 1234, gid: 5678).Build());

        Assert.Equal("1234:5678", TempDir.Stat(Path.Combine(_dest, "owned"), "%u:%g"));
    }

    [Fact]
    public void Gzip_layers_have_the_diff_id_of_the_uncompressed_tar()
    {
        var tar = new TarBuilder().File("a", "content").Build();

        var result = Extract(TarBuilder.Gzip(tar));

        Assert.Equal(TarBuilder.DiffId(tar), result.DiffId);
        Assert.Equal("content", File.ReadAllText(Path.Combine(_dest, "a")));
    }

    [Theory]
    [InlineData("../victim/dotdot")]
    [InlineData("/../victim/slash-dotdot")]
    [InlineData("a/../../victim/nested")]
    public void Dot_dot_names_are_rejected(string name)
    {
        Assert.Throws<InvalidArchiveException>(() => Extract(new TarBuilder().File(name, "pwned").Build()));
        AssertNothingOutside();
    }

    [Fact]
    public void Absolute_names_land_inside_the_layer()
    {
        var hostPath = Path.Combine(_victim, "abs");

        Extract(new TarBuilder().File(hostPath, "inside").Build());

        Assert.Equal("inside", File.ReadAllText(Path.Combine(_dest, hostPath.TrimStart('/'))));
        AssertNothingOutside();
    }

    [Theory]
    [InlineData("../victim", "victim/pwned")]   // relative escape: ".." stops at the layer root
    [InlineData("../../../../..", "pwned")]     // climbs above everything
    [InlineData("/", "pwned")]                  // the host root means the layer root
    public void Writes_through_an_escaping_symlink_stay_inside(string target, string landsAt)
    {
        var tar = new TarBuilder().Symlink("loop", target).File("loop/pwned", "pwned").Build();

        Extract(tar);

        Assert.Equal(target, new FileInfo(Path.Combine(_dest, "loop")).LinkTarget);
        AssertNothingOutside();
        Assert.Equal("pwned", File.ReadAllText(Path.Combine(_dest, landsAt)));
    }

    [Fact]
    public void Absolute_symlink_to_a_host_directory_is_resolved_inside_the_layer()
    {
        var tar = new TarBuilder().Symlink("abs", _victim).File("abs/pwned", "pwned").Build();

        Extract(tar);

        Assert.Equal("pwned", File.ReadAllText(Path.Combine(_dest, _victim.TrimStart('/'), "pwned")));
        AssertNothingOutside();
    }

    [Fact]
    public void Two_hop_symlink_breakout_is_contained()
    {
        var tar = new TarBuilder()
            .Dir("inner/")
            .Symlink("inner/go_up", "..")
            .Symlink("inner/go_up/escape", "../victim")
            .File("inner/go_up/escape/newfile", "pwned")
            .Build();

        Extract(tar);

        AssertNothingOutside();
        Assert.Equal("pwned", File.ReadAllText(Path.Combine(_dest, "victim/newfile")));
    }

    [Fact]
    public void A_file_entry_replaces_a_symlink_instead_of_writing_through_it()
    {
        var tar = new TarBuilder().Symlink("f", Path.Combine(_victim, "hello")).File("f", "pwned").Build();

        Extract(tar);

        Assert.Equal("pwned", File.ReadAllText(Path.Combine(_dest, "f")));
        Assert.Null(new FileInfo(Path.Combine(_dest, "f")).LinkTarget);
        AssertNothingOutside();
    }

    [Theory]
    [InlineData("/etc/passwd")]
    [InlineData("../victim/hello")]
    [InlineData("/../victim/hello")]
    [InlineData("missing")]
    public void Hard_links_must_point_to_a_file_inside_the_layer(string target)
    {
        var passwdLinks = TempDir.Stat("/etc/passwd", "%h");

        Assert.Throws<InvalidArchiveException>(() => Extract(new TarBuilder().HardLink("hl", target).Build()));

        Assert.False(File.Exists(Path.Combine(_dest, "hl")));
        Assert.Equal(passwdLinks, TempDir.Stat("/etc/passwd", "%h"));
        AssertNothingOutside();
    }

    [Fact]
    public void Hard_link_through_a_symlinked_directory_resolves_inside()
    {
        var hostDir = Path.GetDirectoryName(_victim)!;
        var tar = new TarBuilder()
            .Symlink("up", hostDir)                 // absolute: means dest/<hostDir> in the layer
            .HardLink("hl", "up/victim/hello")      // so this target does not exist in the layer
            .Build();

        Assert.Throws<InvalidArchiveException>(() => Extract(tar));
        Assert.Equal("1", TempDir.Stat(Path.Combine(_victim, "hello"), "%h"));
    }

    [Fact]
    public void Overwriting_a_hard_link_does_not_change_the_other_name()
    {
        var tar = new TarBuilder().File("a", "original").HardLink("b", "a").File("b", "new").Build();

        Extract(tar);

        Assert.Equal("original", File.ReadAllText(Path.Combine(_dest, "a")));
        Assert.Equal("new", File.ReadAllText(Path.Combine(_dest, "b")));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("/")]
    [InlineData("./")]
    public void A_symlink_may_not_replace_the_layer_root(string name)
    {
        Assert.Throws<InvalidArchiveException>(() => Extract(new TarBuilder().Symlink(name, _victim).Build()));
        Assert.Equal(PathKind.Directory, SafePath.Kind(_dest));
    }

    [Fact]
    public void Device_nodes_are_not_created()
    {
        Extract(new TarBuilder().CharDevice("dev/sda", 8, 0).Build());

        Assert.False(File.Exists(Path.Combine(_dest, "dev/sda")));
    }

    [Fact]
    public void Symlink_loops_fail_cleanly()
    {
        var tar = new TarBuilder().Symlink("a", "b").Symlink("b", "a").File("a/x", "x").Build();

        Assert.Throws<InvalidArchiveException>(() => Extract(tar));
        AssertNothingOutside();
    }

    [RootFact]
    [Trait(TestCategory.Key, TestCategory.Root)]
    public void Whiteouts_become_overlay_whiteouts()
    {
        var tar = new TarBuilder()
            .File("etc/.wh.removed", "")
            .Dir("opaque/")
            .File("opaque/.wh..wh..opq", "")
            .Build();

        Extract(tar);

        Assert.Equal("character special file 0 0", TempDir.Stat(Path.Combine(_dest, "etc/removed"), "%F %t %T"));
        Assert.False(File.Exists(Path.Combine(_dest, "etc/.wh.removed")));
        var value = new byte[8];
        var n = LibC.LGetXattr(Path.Combine(_dest, "opaque"), "trusted.overlay.opaque", value, (nuint)value.Length);
        Assert.Equal("y", Encoding.ASCII.GetString(value, 0, (int)n));
        Assert.False(File.Exists(Path.Combine(_dest, "opaque/.wh..wh..opq")));
    }

    [Theory]
    [InlineData(".wh.")]
    [InlineData(".wh..")]
    [InlineData(".wh...")]
    public void Invalid_whiteout_names_are_rejected(string name)
    {
        var ex = Assert.Throws<InvalidArchiveException>(() => Extract(new TarBuilder().File(name, "").Build()));
        Assert.Contains("whiteout", ex.Message);
    }

    [Fact]
    public void Garbage_and_unsupported_compression_are_invalid_archives()
    {
        Assert.Throws<InvalidArchiveException>(() => Extract(Enumerable.Repeat((byte)'x', 2048).ToArray()));
        Assert.Throws<InvalidArchiveException>(() => Extract([0x1f, 0x8b, 1, 2, 3, 4, 5, 6, 7, 8]));
        var zstd = Assert.Throws<InvalidArchiveException>(() => Extract([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0]));
        Assert.Contains("zstd", zstd.Message);
        var xz = Assert.Throws<InvalidArchiveException>(() => Extract([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1]));
        Assert.Contains("xz", xz.Message);
    }

    /// <summary>OCI layers may be zstd-compressed (registries serve them; they were refused before).</summary>
    [Fact]
    public void A_zstd_layer_is_unpacked_and_its_diff_id_is_of_the_plain_tar()
    {
        var tar = new TarBuilder().File("etc/zstd-marker", "squeezed").Build();
        using var compressed = new MemoryStream();
        using (var zstd = new ZstdSharp.CompressionStream(compressed, 3, leaveOpen: true)) zstd.Write(tar);
        var result = Extract(compressed.ToArray());
        Assert.Equal("sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(tar)), result.DiffId);
        Assert.Equal("squeezed", File.ReadAllText(Path.Combine(_dest, "etc/zstd-marker")));
    }
}
