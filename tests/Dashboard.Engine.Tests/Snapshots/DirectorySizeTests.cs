using Dashboard.Engine.Snapshots;

namespace Dashboard.Engine.Tests.Snapshots;

public sealed class DirectorySizeTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dash-size-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Counts_file_bytes_in_subdirectories_and_each_hard_linked_inode_once()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "a/b"));
        File.WriteAllBytes(Path.Combine(_dir, "top"), new byte[1000]);
        File.WriteAllBytes(Path.Combine(_dir, "a/b/deep"), new byte[250]);
        using (var ln = System.Diagnostics.Process.Start("ln", [Path.Combine(_dir, "top"), Path.Combine(_dir, "a/twin")]))
            ln.WaitForExit();
        Assert.True(File.Exists(Path.Combine(_dir, "a/twin")));

        Assert.Equal(1250, DirectorySize.Of(_dir));
    }

    [Fact]
    public void A_symlink_counts_as_its_own_length_and_is_never_followed()
    {
        // A container's layer may hold a link to "/": walking it would count (and read) the host.
        File.CreateSymbolicLink(Path.Combine(_dir, "root"), "/");
        File.CreateSymbolicLink(Path.Combine(_dir, "etc"), "/etc");

        Assert.Equal("/".Length + "/etc".Length, DirectorySize.Of(_dir));
    }

    [Fact]
    public void A_directory_that_is_gone_has_no_size() =>
        Assert.Equal(0, DirectorySize.Of(Path.Combine(_dir, "removed")));
}
