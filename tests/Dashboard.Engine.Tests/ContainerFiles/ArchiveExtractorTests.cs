using System.Runtime.InteropServices;
using Dashboard.Engine.ContainerFiles;
using Dashboard.Engine.Tests.Images;

namespace Dashboard.Engine.Tests.ContainerFiles;

/// <summary>An upload lands under its target directory and nowhere else: not through "..", not through symlinks in the
/// archive or already in the container or swapped in during the copy, not through hard links; device nodes are refused.</summary>
public sealed class ArchiveExtractorTests
{
    private static readonly (int, int) Me = ((int)geteuid(), (int)getegid());

    private static async Task ExtractAsync(RootTree tree, string target, byte[] tar, ExtractOptions? options = null)
    {
        using var root = tree.Open();
        using var directory = InRoot.OpenDirectory(root.Root, ContainerPath.Parse(target).Components);
        await ArchiveExtractor.ExtractAsync(directory, new MemoryStream(tar), options ?? new ExtractOptions(), Me, root.RootMountId, CancellationToken.None);
    }

    [Fact]
    public async Task Files_directories_symlinks_hard_links_and_fifos_are_extracted_with_their_metadata()
    {
        using var tree = new RootTree();
        var tar = new TarBuilder()
            .Dir("app", (UnixFileMode)0b111_101_000)
            .File("app/run.sh", "#!/bin/sh\necho hi\n", (UnixFileMode)0b111_101_101)
            .Symlink("app/current", "/app/run.sh")
            .HardLink("app/again.sh", "app/run.sh")
            .Fifo("app/pipe")
            .File("deep/er/file.txt", "made its parents")
            .Build();
        await ExtractAsync(tree, "/d/sub", tar);
        Assert.Equal("#!/bin/sh\necho hi\n", File.ReadAllText(tree.In("d/sub/app/run.sh")));
        Assert.Equal((UnixFileMode)0b111_101_101, File.GetUnixFileMode(tree.In("d/sub/app/run.sh")));
        Assert.Equal((UnixFileMode)0b111_101_000, File.GetUnixFileMode(tree.In("d/sub/app")));
        Assert.Equal(new DateTime(2024, 1, 2, 3, 4, 5, DateTimeKind.Utc), File.GetLastWriteTimeUtc(tree.In("d/sub/app")));
        Assert.Equal("/app/run.sh", new FileInfo(tree.In("d/sub/app/current")).LinkTarget);
        Assert.Equal(2u, Stat(tree.In("d/sub/app/again.sh")).LinkCount);
        Assert.Equal(FileNative.S_IFIFO, Stat(tree.In("d/sub/app/pipe")).Type);
        Assert.Equal("made its parents", File.ReadAllText(tree.In("d/sub/deep/er/file.txt")));
        Assert.Empty(tree.OutsideFiles().Except(["canary.txt", "passwd"]));
    }

    [Theory]
    [InlineData("../escaped.txt")]
    [InlineData("a/../../escaped.txt")]
    public async Task Names_with_dotdot_are_refused(string name)
    {
        using var tree = new RootTree();
        var error = await Assert.ThrowsAsync<InvalidArchiveException>(() => ExtractAsync(tree, "/d", new TarBuilder().File(name, "x").Build()));
        Assert.Contains("would leave the target directory", error.Message);
        Assert.False(File.Exists(tree.In("escaped.txt")));
    }

    /// <summary>A symlink to "/" (in the archive, or already in the container) is followed inside the target only.</summary>
    [Theory]
    [InlineData("/")]
    [InlineData("../../../../../..")]
    public async Task A_symlink_in_the_archive_cannot_carry_later_entries_out(string linkTarget)
    {
        using var tree = new RootTree();
        var outsideTarget = tree.Outside.TrimStart('/');
        var tar = new TarBuilder()
            .Symlink("evil", linkTarget)
            .File("evil/etc/passwd", "root::0:0::/:/bin/sh")
            .File($"evil/{outsideTarget}/canary.txt", "overwritten")
            .Symlink("host", tree.Outside)
            .File("host/passwd", "overwritten")
            .Build();
        await ExtractAsync(tree, "/d", tar);
        Assert.Equal(RootTree.CanaryText, File.ReadAllText(Path.Combine(tree.Outside, "canary.txt")));
        Assert.Equal(RootTree.CanaryText, File.ReadAllText(Path.Combine(tree.Outside, "passwd")));
        Assert.StartsWith("root:x:0:0", File.ReadAllText(tree.In("etc/passwd"))); // the container's, outside the target
        Assert.Equal("root::0:0::/:/bin/sh", File.ReadAllText(tree.In("d/etc/passwd")));
        Assert.Equal("overwritten", File.ReadAllText(tree.In("d/" + outsideTarget + "/passwd")));
    }

    [Fact]
    public async Task The_target_path_itself_is_resolved_in_the_root()
    {
        using var tree = new RootTree();
        // The target is "/outside", a symlink to the canary's host directory: inside the root it names a path that does
        // not exist, so nothing is written.
        using var root = tree.Open();
        Assert.ThrowsAny<IOException>(() => InRoot.OpenDirectory(root.Root, ContainerPath.Parse("/outside").Components));
        using var viaUp = InRoot.OpenDirectory(root.Root, ContainerPath.Parse("/up/d").Components);
        await ArchiveExtractor.ExtractAsync(viaUp, new MemoryStream(new TarBuilder().File("new.txt", "in d").Build()), new ExtractOptions(), Me, root.RootMountId, default);
        Assert.Equal("in d", File.ReadAllText(tree.In("d/new.txt")));
    }

    [Theory]
    [InlineData("../../outside/canary.txt")]
    [InlineData("/etc/passwd")]
    public async Task Hard_links_must_point_at_a_file_inside_the_target(string target)
    {
        using var tree = new RootTree();
        var error = await Assert.ThrowsAsync<InvalidArchiveException>(() => ExtractAsync(tree, "/d", new TarBuilder().HardLink("stolen", target).Build()));
        Assert.Contains("stolen", error.Message);
        Assert.False(File.Exists(tree.In("d/stolen")));
        Assert.Equal(1u, Stat(Path.Combine(tree.Outside, "canary.txt")).LinkCount);
    }

    [Fact]
    public async Task A_hard_link_through_a_symlink_is_confined_too()
    {
        using var tree = new RootTree();
        var tar = new TarBuilder().Symlink("host", tree.Outside).HardLink("stolen", "host/canary.txt").Build();
        await Assert.ThrowsAsync<InvalidArchiveException>(() => ExtractAsync(tree, "/d", tar));
        Assert.Equal(1u, Stat(Path.Combine(tree.Outside, "canary.txt")).LinkCount);
    }

    [Theory]
    [InlineData('c')]
    [InlineData('b')]
    public async Task Device_nodes_are_refused(char kind)
    {
        using var tree = new RootTree();
        var builder = new TarBuilder().File("before.txt", "kept");
        var tar = (kind == 'c' ? builder.CharDevice("mem", 1, 1) : builder.BlockDevice("disk", 8, 0)).Build();
        var error = await Assert.ThrowsAsync<InvalidArchiveException>(() => ExtractAsync(tree, "/d", tar));
        Assert.Contains("device node", error.Message);
        Assert.Contains(kind == 'c' ? "char 1:1" : "block 8:0", error.Message);
        Assert.False(File.Exists(tree.In("d/mem")) || File.Exists(tree.In("d/disk")));
    }

    [Fact]
    public async Task NoOverwriteDirNonDir_refuses_a_file_over_a_directory_and_back()
    {
        using var tree = new RootTree();
        var strict = new ExtractOptions(NoOverwriteDirNonDir: true);
        var fileOverDir = await Assert.ThrowsAsync<InvalidArchiveException>(() => ExtractAsync(tree, "/d", new TarBuilder().File("sub", "x").Build(), strict));
        Assert.Contains("cannot overwrite directory", fileOverDir.Message);
        var dirOverFile = await Assert.ThrowsAsync<InvalidArchiveException>(() => ExtractAsync(tree, "/d", new TarBuilder().Dir("f").Build(), strict));
        Assert.Contains("cannot overwrite non-directory", dirOverFile.Message);
        Assert.True(Directory.Exists(tree.In("d/sub")));

        // Without it, as Docker does, the archive wins.
        await ExtractAsync(tree, "/d", new TarBuilder().File("sub", "now a file").Build());
        Assert.Equal("now a file", File.ReadAllText(tree.In("d/sub")));
    }

    [Fact]
    public async Task Replacing_an_existing_symlink_never_writes_through_it()
    {
        using var tree = new RootTree();
        File.CreateSymbolicLink(tree.In("d/trap"), Path.Combine(tree.Outside, "canary.txt"));
        await ExtractAsync(tree, "/d", new TarBuilder().File("trap", "replaced the link").Build());
        Assert.Equal("replaced the link", File.ReadAllText(tree.In("d/trap")));
        Assert.Null(new FileInfo(tree.In("d/trap")).LinkTarget);
        Assert.Equal(RootTree.CanaryText, File.ReadAllText(Path.Combine(tree.Outside, "canary.txt")));
    }

    [Fact]
    public async Task Not_a_tar_is_a_clear_error()
    {
        using var tree = new RootTree();
        var bytes = new byte[1024];
        new Random(1).NextBytes(bytes);
        var error = await Assert.ThrowsAsync<InvalidArchiveException>(() => ExtractAsync(tree, "/d", bytes));
        Assert.Contains("not a valid tar", error.Message);
    }

    /// <summary>While the upload runs, a thread swaps the entries' directory with a symlink to the host canary directory
    /// as fast as it can: each entry lands inside the root (or fails), and the canary directory never gains a file.</summary>
    [Fact]
    public async Task A_directory_swapped_for_a_symlink_during_the_upload_never_leads_out()
    {
        using var tree = new RootTree();
        Directory.CreateDirectory(tree.In("d/real"));
        File.CreateSymbolicLink(tree.In("d/link"), tree.Outside);
        var builder = new TarBuilder();
        for (var i = 0; i < 200; i++) builder.File($"race/f{i}", "payload");
        var tar = builder.Build();
        using var stop = new CancellationTokenSource();
        var swaps = 0;
        var swapper = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (RootTree.Rename(tree.In("d/real"), tree.In("d/race")) && RootTree.Rename(tree.In("d/race"), tree.In("d/real"))
                    && RootTree.Rename(tree.In("d/link"), tree.In("d/race")) && RootTree.Rename(tree.In("d/race"), tree.In("d/link")))
                    Interlocked.Increment(ref swaps);
                // The extraction made d/race itself while neither was there: out of the way, for the next round.
                else if (new FileInfo(tree.In("d/race")) is { Exists: false, LinkTarget: null } && Directory.Exists(tree.In("d/race")))
                {
                    try { Directory.Delete(tree.In("d/race"), recursive: true); }
                    catch (IOException) { } // the extraction is writing into it: next round
                }
            }
        });
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(2) || (Volatile.Read(ref swaps) < 100 && watch.Elapsed < TimeSpan.FromSeconds(20)))
            {
                try { await ExtractAsync(tree, "/d", tar); }
                catch (InvalidArchiveException) { }
                catch (IOException) { }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await swapper;
        }
        Assert.Equal(["canary.txt", "passwd"], tree.OutsideFiles());
        Assert.True(swaps >= 100, $"only {swaps} swaps happened");
    }

    private static FileStatus Stat(string path)
    {
        using var fd = FileNative.Open(path, FileNative.O_PATH | FileNative.O_NOFOLLOW);
        return FileNative.StatOrThrow(fd, "");
    }

    [DllImport("libc")]
    private static extern uint geteuid();

    [DllImport("libc")]
    private static extern uint getegid();
}
