using System.Formats.Tar;
using System.Text;
using Dashboard.Engine.ContainerFiles;

namespace Dashboard.Engine.Tests.ContainerFiles;

/// <summary>
/// A container-like root in a temp directory, with a canary beside it (outside the root): every escape a test tries
/// aims at the canary, which must never be read, written or replaced. The root holds /etc/passwd ("root:inside"),
/// a directory d (file f, hard link h to it, symlink s to f, subdirectory sub with g), and the usual traps: abs -> /etc/passwd,
/// toroot -> /, dotdot -> /.., up -> ../../../.. and outside -> the canary directory's absolute host path.
/// </summary>
internal sealed class RootTree : IDisposable
{
    public const string CanaryText = "CANARY: a host file that no copy may read";
    private readonly TempDirectory _temp = new("dash-cp-");

    public RootTree()
    {
        Directory.CreateDirectory(Root);
        Directory.CreateDirectory(Outside);
        File.WriteAllText(Path.Combine(Outside, "canary.txt"), CanaryText);
        File.WriteAllText(Path.Combine(Outside, "passwd"), CanaryText);
        Directory.CreateDirectory(In("etc"));
        File.WriteAllText(In("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\nuser:x:1000:1000::/home/user:/bin/sh\n");
        File.WriteAllText(In("etc/group"), "root:x:0:\nuser:x:1000:\n");
        Directory.CreateDirectory(In("d/sub"));
        File.WriteAllText(In("d/f"), "file f");
        File.WriteAllText(In("d/sub/g"), "file g");
        if (link(In("d/f"), In("d/h")) != 0) throw new IOException("link(2) failed");
        File.CreateSymbolicLink(In("d/s"), "f");
        File.CreateSymbolicLink(In("abs"), "/etc/passwd");
        File.CreateSymbolicLink(In("toroot"), "/");
        File.CreateSymbolicLink(In("dotdot"), "/..");
        File.CreateSymbolicLink(In("up"), "../../../../../../../..");
        File.CreateSymbolicLink(In("outside"), Outside);
    }

    public string Root => _temp.Sub("root");

    /// <summary>A directory of the host beside the root, holding canary.txt and a fake passwd.</summary>
    public string Outside => _temp.Sub("outside");

    public string In(string relative) => Path.Combine(Root, relative);

    public ContainerRootFs Open() => ContainerRootFs.OfDirectory(Root);

    /// <summary>Every file under <see cref="Outside"/>: what an escape would have added.</summary>
    public string[] OutsideFiles() => Directory.GetFileSystemEntries(Outside, "*", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>().Order().ToArray();

    /// <summary>The archive of <paramref name="path"/> as (name, type, link target, content) entries.</summary>
    public async Task<List<(string Name, TarEntryType Type, string Link, string Content)>> ArchiveAsync(string path)
    {
        using var root = Open();
        var parsed = ContainerPath.Parse(path);
        using var located = root.Locate(parsed) ?? throw new FileNotFoundException(path);
        var output = new MemoryStream();
        await PathArchiver.WriteAsync(located, parsed.BaseName, output, CancellationToken.None);
        return Entries(output.ToArray());
    }

    public static List<(string Name, TarEntryType Type, string Link, string Content)> Entries(byte[] tar)
    {
        var entries = new List<(string, TarEntryType, string, string)>();
        using var reader = new TarReader(new MemoryStream(tar));
        while (reader.GetNextEntry() is { } entry)
        {
            var content = entry.DataStream is { } data ? new StreamReader(data, Encoding.UTF8).ReadToEnd() : "";
            entries.Add((entry.Name, entry.EntryType, entry.LinkName, content));
        }
        return entries;
    }

    public void Dispose() => _temp.Dispose();

    /// <summary>rename(2), which moves a symlink as itself, whatever it points at (File.Move looks at the target).</summary>
    public static bool Rename(string from, string to) => rename(from, to) == 0;

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int link(string oldPath, string newPath);

    [System.Runtime.InteropServices.DllImport("libc", SetLastError = true)]
    private static extern int rename(string oldPath, string newPath);
}
