using System.Diagnostics;
using Dashboard.Engine.Snapshots;
using Dashboard.Engine.Tests.Images;

namespace Dashboard.Engine.Tests.Snapshots;

/// <summary>docker diff from an upper dir over lower layers, laid out by hand as overlayfs would leave them.</summary>
public sealed class LayerChangesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("dash-diff-").FullName;
    private string Lower => Path.Combine(_dir, "lower");
    private string Upper => Path.Combine(_dir, "upper");

    public LayerChangesTests()
    {
        foreach (var d in new[] { "lower/etc", "lower/bin", "lower/tmp", "upper" }) Directory.CreateDirectory(Path.Combine(_dir, d));
        File.WriteAllText(Path.Combine(Lower, "etc/passwd"), "root");
        File.WriteAllText(Path.Combine(Lower, "bin/ls"), "elf");
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [RootFact]
    public void Added_modified_and_whited_out_paths_sorted_as_docker_diff_prints_them()
    {
        Directory.CreateDirectory(Path.Combine(Upper, "etc"));
        File.WriteAllText(Path.Combine(Upper, "etc/passwd"), "root\nme");
        File.WriteAllText(Path.Combine(Upper, "etc/new"), "x");
        Directory.CreateDirectory(Path.Combine(Upper, "bin"));
        Whiteout(Path.Combine(Upper, "bin/ls"));
        Directory.CreateDirectory(Path.Combine(Upper, "data/sub"));

        Assert.Equal(
        [
            new("/bin", FileChangeKind.Modified), new("/bin/ls", FileChangeKind.Deleted),
            new("/data", FileChangeKind.Added), new("/data/sub", FileChangeKind.Added),
            new("/etc", FileChangeKind.Modified), new("/etc/new", FileChangeKind.Added), new("/etc/passwd", FileChangeKind.Modified),
        ], LayerChanges.Read(Upper, [Lower]));
    }

    [Fact]
    public void The_engines_own_mount_points_are_no_change_nor_is_a_directory_copied_up_only_for_them()
    {
        Directory.CreateDirectory(Path.Combine(Upper, "etc"));
        foreach (var f in new[] { "hosts", "hostname", "resolv.conf" }) File.WriteAllText(Path.Combine(Upper, "etc", f), "");

        Assert.Empty(LayerChanges.Read(Upper, [Lower]));

        // A chmod of that directory is a change of its own.
        File.SetUnixFileMode(Path.Combine(Upper, "etc"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Equal([new FileChange("/etc", FileChangeKind.Modified)], LayerChanges.Read(Upper, [Lower]));
    }

    [RootFact]
    public void A_whiteout_in_a_higher_layer_hides_the_path_below_and_symlinks_are_not_followed()
    {
        var top = Path.Combine(_dir, "top");
        Directory.CreateDirectory(Path.Combine(top, "etc"));
        Whiteout(Path.Combine(top, "etc/passwd"));
        File.WriteAllText(Path.Combine(Upper, "passwd-again"), "");
        Directory.CreateDirectory(Path.Combine(Upper, "etc"));
        File.WriteAllText(Path.Combine(Upper, "etc/passwd"), "new");
        File.CreateSymbolicLink(Path.Combine(Upper, "hostroot"), "/");

        Assert.Equal(
        [
            new("/etc", FileChangeKind.Modified), new("/etc/passwd", FileChangeKind.Added),
            new("/hostroot", FileChangeKind.Added), new("/passwd-again", FileChangeKind.Added),
        ], LayerChanges.Read(Upper, [Lower, top]));
    }

    /// <summary>overlayfs's whiteout: a character device 0:0 (mknod needs root, as the engine's tests have).</summary>
    private static void Whiteout(string path)
    {
        using var mknod = Process.Start("mknod", [path, "c", "0", "0"])!;
        mknod.WaitForExit();
        Assert.True(mknod.ExitCode == 0, "mknod needs root");
    }
}
