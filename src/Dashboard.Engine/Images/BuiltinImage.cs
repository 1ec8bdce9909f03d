using System.Diagnostics;
using System.Formats.Tar;
using System.Text;

namespace Dashboard.Engine.Images;

/// <summary>
/// Builds the rootfs tar of the built-in busybox:latest from the host's static busybox: bin/busybox, a symlink
/// bin/APPLET -> busybox for every applet, the usual top-level directories, and a minimal passwd/group. All entries
/// carry busybox's mtime, so the same binary always gives the same diff id.
/// </summary>
internal static class BuiltinImage
{
    public const string Reference = "busybox:latest";

    /// <summary>Free space seeding the image must leave on the DataRoot file system, instead of the import reserve
    /// (Engine:ImageFreeSpaceReserve, 2 GiB by default, sized for archives of gigabytes): the image is about a MiB, so
    /// it needs its own size plus this margin, enough for the database and the first containers. A configured
    /// reserve below the margin (0: none) applies as configured.</summary>
    public const long FreeSpaceMargin = 32L << 20;

    public static ImageConfig Config { get; } = new()
    {
        Cmd = ["sh"],
        Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"],
    };

    private static readonly (string Path, UnixFileMode Mode)[] Directories =
    [
        ("bin", Dir755), ("dev", Dir755), ("etc", Dir755), ("home", Dir755), ("proc", Dir755),
        ("root", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute), ("sbin", Dir755),
        ("sys", Dir755), ("tmp", Dir755 | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.StickyBit),
        ("usr", Dir755), ("usr/bin", Dir755), ("usr/sbin", Dir755), ("var", Dir755), ("var/log", Dir755),
        ("var/tmp", Dir755 | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite | UnixFileMode.StickyBit),
    ];

    private const UnixFileMode Dir755 = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>Applet names from "busybox --list" (run once).</summary>
    public static IReadOnlyList<string> ListApplets(string busybox)
    {
        var info = new ProcessStartInfo(busybox, "--list")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = "/",
        };
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not run {busybox}");
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(10_000)) { process.Kill(); throw new TimeoutException($"{busybox} --list did not finish"); }
        if (process.ExitCode != 0) throw new InvalidOperationException($"{busybox} --list exited with {process.ExitCode}");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(a => a != "busybox" && !a.Contains('/') && a is not "." and not "..")
            .Distinct()
            .ToList();
    }

    /// <summary>True when the ELF file has no PT_INTERP header, i.e. needs no dynamic loader inside the image.</summary>
    public static bool IsStaticElf(string path)
    {
        using var file = File.OpenRead(path);
        var header = new byte[64];
        if (file.Read(header) < 64 || !header.AsSpan(0, 4).SequenceEqual("\u007fELF"u8) || header[4] != 2) return false;
        var phoff = BitConverter.ToInt64(header, 0x20);
        var phentsize = BitConverter.ToUInt16(header, 0x36);
        var phnum = BitConverter.ToUInt16(header, 0x38);
        var entry = new byte[4];
        for (var i = 0; i < phnum; i++)
        {
            file.Position = phoff + (long)i * phentsize;
            if (file.Read(entry) < 4) return false;
            if (BitConverter.ToUInt32(entry) == 3) return false; // PT_INTERP
        }
        return true;
    }

    public static void WriteRootfs(Stream output, string busybox, IReadOnlyList<string> applets)
    {
        var mtime = new DateTimeOffset(File.GetLastWriteTimeUtc(busybox));
        using var writer = new TarWriter(output, TarEntryFormat.Ustar, leaveOpen: true);
        foreach (var (path, mode) in Directories)
            writer.WriteEntry(new UstarTarEntry(TarEntryType.Directory, path + "/") { Mode = mode, ModificationTime = mtime });
        using (var binary = File.OpenRead(busybox))
        {
            writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, "bin/busybox")
            {
                Mode = Dir755, ModificationTime = mtime, DataStream = binary,
            });
        }
        foreach (var applet in applets.Append("sh").Distinct())
            writer.WriteEntry(new UstarTarEntry(TarEntryType.SymbolicLink, "bin/" + applet) { LinkName = "busybox", Mode = (UnixFileMode)0x1ff, ModificationTime = mtime });
        WriteText(writer, "etc/passwd", "root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n", mtime);
        WriteText(writer, "etc/group", "root:x:0:\nnogroup:x:65534:\n", mtime);
    }

    private static void WriteText(TarWriter writer, string path, string content, DateTimeOffset mtime)
    {
        using var data = new MemoryStream(Encoding.UTF8.GetBytes(content));
        writer.WriteEntry(new UstarTarEntry(TarEntryType.RegularFile, path)
        {
            Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead,
            ModificationTime = mtime, DataStream = data,
        });
    }
}
