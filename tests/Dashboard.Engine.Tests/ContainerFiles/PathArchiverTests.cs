using System.Formats.Tar;
using Dashboard.Engine.ContainerFiles;

namespace Dashboard.Engine.Tests.ContainerFiles;

/// <summary>The archive of a path is named as Docker names it (the CLI's cp logic depends on it), keeps symlinks and
/// hard links, and never follows a symlink, even one swapped in while the walk runs.</summary>
public sealed class PathArchiverTests
{
    [Fact]
    public async Task A_directory_is_its_own_entry_then_its_tree_in_lexical_order()
    {
        using var tree = new RootTree();
        var entries = await tree.ArchiveAsync("/d");
        Assert.Equal(["d/", "d/f", "d/h", "d/s", "d/sub/", "d/sub/g"], entries.Select(e => e.Name));
        Assert.Equal(TarEntryType.Directory, entries[0].Type);
        Assert.Equal(("file f", TarEntryType.RegularFile), (entries[1].Content, entries[1].Type));
        Assert.Equal((TarEntryType.HardLink, "d/f"), (entries[2].Type, entries[2].Link));
        Assert.Equal((TarEntryType.SymbolicLink, "f"), (entries[3].Type, entries[3].Link));
        Assert.Equal("file g", entries[5].Content);
    }

    [Theory]
    [InlineData("/d/.", new[] { "./", "./f", "./h", "./s", "./sub/", "./sub/g" })]
    [InlineData("/d/", new[] { "d/", "d/f", "d/h", "d/s", "d/sub/", "d/sub/g" })]
    [InlineData("/d/sub", new[] { "sub/", "sub/g" })]
    [InlineData("/d/f", new[] { "f" })]
    [InlineData("/d/s", new[] { "s" })]
    [InlineData("/abs", new[] { "abs" })]
    public async Task Names_follow_dockers_rebase_rules(string path, string[] names)
    {
        using var tree = new RootTree();
        Assert.Equal(names, (await tree.ArchiveAsync(path)).Select(e => e.Name));
    }

    [Fact]
    public async Task The_root_is_archived_with_absolute_names_and_symlinks_as_symlinks()
    {
        using var tree = new RootTree();
        var entries = await tree.ArchiveAsync("/");
        Assert.Equal("/", entries[0].Name);
        Assert.Contains(entries, e => e.Name == "/etc/passwd" && e.Type == TarEntryType.RegularFile);
        Assert.Contains(entries, e => e.Name == "/toroot" && e.Type == TarEntryType.SymbolicLink && e.Link == "/");
        Assert.Contains(entries, e => e.Name == "/outside" && e.Type == TarEntryType.SymbolicLink);
        Assert.DoesNotContain(entries, e => e.Content.Contains("CANARY"));
        Assert.DoesNotContain(entries, e => e.Name.Contains("canary"));
    }

    [Fact]
    public async Task Modes_owners_and_mtimes_are_kept_and_long_names_survive()
    {
        using var tree = new RootTree();
        var deep = tree.In(string.Join('/', Enumerable.Repeat("a-rather-long-directory-name", 8)));
        Directory.CreateDirectory(deep);
        File.WriteAllText(Path.Combine(deep, "é-unicode.txt"), "x");
        File.SetUnixFileMode(tree.In("d/f"), (UnixFileMode)0b111_000_000 | UnixFileMode.SetUser);
        File.SetLastWriteTimeUtc(tree.In("d/f"), new DateTime(2020, 2, 3, 4, 5, 6, DateTimeKind.Utc));
        using var root = tree.Open();
        var parsed = ContainerPath.Parse("/");
        using var located = root.Locate(parsed)!;
        var output = new MemoryStream();
        await PathArchiver.WriteAsync(located, parsed.BaseName, output, CancellationToken.None);
        output.Position = 0;
        using var reader = new TarReader(output);
        var all = new List<TarEntry>();
        while (reader.GetNextEntry(copyData: true) is { } e) all.Add(e);
        var f = all.Single(e => e.Name == "/d/f");
        Assert.Equal((UnixFileMode)0b111_000_000 | UnixFileMode.SetUser, f.Mode);
        Assert.Equal(new DateTimeOffset(2020, 2, 3, 4, 5, 6, TimeSpan.Zero), f.ModificationTime);
        Assert.Contains(all, e => e.Name.EndsWith("/é-unicode.txt", StringComparison.Ordinal) && e.Name.Length > 200);
    }

    /// <summary>A thread swaps a directory and a symlink to the host canary directory as fast as it can while the walk
    /// and the lookups run: whatever each step finds, nothing from outside the root is ever read.</summary>
    [Fact]
    public async Task A_symlink_swapped_in_during_the_walk_is_never_followed()
    {
        using var tree = new RootTree();
        Directory.CreateDirectory(tree.In("real"));
        File.WriteAllText(tree.In("real/canary.txt"), "inside");
        File.CreateSymbolicLink(tree.In("link"), tree.Outside);
        using var stop = new CancellationTokenSource();
        var swaps = 0;
        var swapper = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                if (RootTree.Rename(tree.In("real"), tree.In("race")) && RootTree.Rename(tree.In("race"), tree.In("real"))
                    && RootTree.Rename(tree.In("link"), tree.In("race")) && RootTree.Rename(tree.In("race"), tree.In("link")))
                    Interlocked.Increment(ref swaps);
            }
        });
        try
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            while (watch.Elapsed < TimeSpan.FromSeconds(2) || (Volatile.Read(ref swaps) < 100 && watch.Elapsed < TimeSpan.FromSeconds(20)))
            {
                foreach (var path in new[] { "/", "/race/", "/race/canary.txt", "/race/." })
                {
                    List<(string Name, TarEntryType Type, string Link, string Content)> entries;
                    try { entries = await tree.ArchiveAsync(path); }
                    catch (FileNotFoundException) { continue; }
                    catch (ValidationException) { continue; }
                    Assert.DoesNotContain(entries, e => e.Content.Contains("CANARY"));
                }
            }
        }
        finally
        {
            await stop.CancelAsync();
            await swapper;
        }
        Assert.True(swaps >= 100, $"only {swaps} swaps happened");
    }
}
