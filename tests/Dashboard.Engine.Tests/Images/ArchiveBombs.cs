using System.Formats.Tar;
using System.IO.Compression;

namespace Dashboard.Engine.Tests.Images;

/// <summary>Archives that are small on the wire and huge when read: gzip bombs built from zeros, and endless
/// streams that count what was taken from them, so a test can tell that reading stopped at the limit.</summary>
internal static class ArchiveBombs
{
    /// <summary>A gzip-compressed tar of <paramref name="files"/> files of <paramref name="fileSize"/> zero bytes
    /// each; nothing that large is ever held in memory.</summary>
    public static byte[] GzipTarOfZeros(int files, long fileSize)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
        using (var writer = new TarWriter(gzip, TarEntryFormat.Pax, leaveOpen: true))
        {
            for (var i = 0; i < files; i++)
                writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, $"zeros/{i}") { DataStream = new ZeroStream(fileSize) });
        }
        return output.ToArray();
    }

    /// <summary>gzip of <paramref name="bytes"/> zero bytes (not a tar): an outer archive that expands hugely.</summary>
    public static byte[] GzipZeros(long bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true))
            new ZeroStream(bytes).CopyTo(gzip);
        return output.ToArray();
    }

    /// <summary>One tar entry (PAX header, header, content) as bytes, without the end-of-archive blocks.</summary>
    public static byte[] Entry(string name, long size)
    {
        using var buffer = new MemoryStream();
        var writer = new TarWriter(buffer, TarEntryFormat.Pax, leaveOpen: true);
        writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = size == 0 ? null : new ZeroStream(size) });
        return buffer.ToArray(); // taken before Dispose writes the end-of-archive blocks
    }

    /// <summary>Zeros of a given length, seekable so TarWriter can size an entry from it.</summary>
    private sealed class ZeroStream(long length) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => true;
        public override bool CanWrite => false;
        public override long Length => length;
        public override long Position { get; set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = (int)Math.Min(count, length - Position);
            if (n <= 0) return 0;
            Array.Clear(buffer, offset, n);
            Position += n;
            return n;
        }

        public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
        {
            SeekOrigin.Begin => offset,
            SeekOrigin.Current => Position + offset,
            _ => length + offset,
        };

        public override void Flush() { }
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}

/// <summary>Plays <paramref name="head"/> once, then <paramref name="repeat"/> over and over, forever, counting the
/// bytes handed out. An endless tar (the same entry again and again) or an endless upload.</summary>
internal sealed class EndlessStream(byte[] head, byte[] repeat) : Stream
{
    private long _position;

    public long Produced => _position;

    public override int Read(byte[] buffer, int offset, int count)
    {
        for (var i = 0; i < count; i++, _position++)
            buffer[offset + i] = _position < head.Length ? head[_position] : repeat[(_position - head.Length) % repeat.Length];
        return count;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
