using System.Formats.Tar;
using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace Dashboard.Engine.Tests.Images;

/// <summary>Builds tar archives in memory, including malicious ones, for extractor and store tests.</summary>
internal sealed class TarBuilder
{
    private readonly MemoryStream _buffer = new();
    private readonly TarWriter _writer;
    private static readonly DateTimeOffset Time = new(2024, 1, 2, 3, 4, 5, TimeSpan.Zero);

    public TarBuilder() => _writer = new TarWriter(_buffer, TarEntryFormat.Pax, leaveOpen: true);

    public TarBuilder Dir(string name, UnixFileMode mode = (UnixFileMode)0b111_101_101)
    {
        _writer.WriteEntry(new PaxTarEntry(TarEntryType.Directory, name) { Mode = mode, ModificationTime = Time });
        return this;
    }

    public TarBuilder File(string name, string content, UnixFileMode mode = (UnixFileMode)0b110_100_100, int uid = 0, int gid = 0) =>
        File(name, Encoding.UTF8.GetBytes(content), mode, uid, gid);

    public TarBuilder File(string name, byte[] content, UnixFileMode mode = (UnixFileMode)0b110_100_100, int uid = 0, int gid = 0)
    {
        _writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name)
        {
            Mode = mode, Uid = uid, Gid = gid, ModificationTime = Time, DataStream = new MemoryStream(content),
        });
        return this;
    }

    public TarBuilder Symlink(string name, string target)
    {
        _writer.WriteEntry(new PaxTarEntry(TarEntryType.SymbolicLink, name) { LinkName = target, Mode = (UnixFileMode)0x1ff, ModificationTime = Time });
        return this;
    }

    public TarBuilder HardLink(string name, string target)
    {
        _writer.WriteEntry(new PaxTarEntry(TarEntryType.HardLink, name) { LinkName = target, Mode = (UnixFileMode)0b110_100_100, ModificationTime = Time });
        return this;
    }

    public TarBuilder CharDevice(string name, int major, int minor)
    {
        _writer.WriteEntry(new PaxTarEntry(TarEntryType.CharacterDevice, name) { DeviceMajor = major, DeviceMinor = minor, ModificationTime = Time });
        return this;
    }

    public TarBuilder Fifo(string name)
    {
        _writer.WriteEntry(new PaxTarEntry(TarEntryType.Fifo, name) { Mode = (UnixFileMode)0b110_100_100, ModificationTime = Time });
        return this;
    }

    public TarBuilder BlockDevice(string name, int major, int minor)
    {
        _writer.WriteEntry(new PaxTarEntry(TarEntryType.BlockDevice, name) { DeviceMajor = major, DeviceMinor = minor, ModificationTime = Time });
        return this;
    }

    public byte[] Build()
    {
        _writer.Dispose();
        return _buffer.ToArray();
    }

    public static byte[] Gzip(byte[] tar)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true)) gzip.Write(tar);
        return output.ToArray();
    }

    public static string DiffId(byte[] tar) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(tar));
}
