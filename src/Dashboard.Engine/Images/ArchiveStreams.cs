using System.IO.Compression;
using System.Security.Cryptography;

namespace Dashboard.Engine.Images;

/// <summary>Stream helpers for archives: compression detection by magic bytes, digesting while reading, and
/// read-only windows into a spooled file.</summary>
internal static class ArchiveStreams
{
    /// <summary>Returns a stream of the uncompressed tar. Plain tar, gzip and zstd (OCI layers) are read, in process; other
    /// compressions are refused because we never run external decompressors (moby GHSA-x86f-5xw2-fm2r).</summary>
    public static Stream OpenDecompressed(Stream input)
    {
        var magic = new byte[6];
        var read = 0;
        while (read < magic.Length)
        {
            var n = input.Read(magic, read, magic.Length - read);
            if (n == 0) break;
            read += n;
        }
        return Decompressing(input, magic, read);
    }

    /// <summary><see cref="OpenDecompressed"/> for a stream that must be read asynchronously (a request body); the stream
    /// it returns reads asynchronously too.</summary>
    public static async Task<Stream> OpenDecompressedAsync(Stream input, CancellationToken cancellationToken)
    {
        var magic = new byte[6];
        var read = 0;
        while (read < magic.Length)
        {
            var n = await input.ReadAsync(magic.AsMemory(read), cancellationToken);
            if (n == 0) break;
            read += n;
        }
        return Decompressing(input, magic, read);
    }

    private static Stream Decompressing(Stream input, byte[] magic, int read)
    {
        var head = magic.AsSpan(0, read);
        Stream joined = new PrefixedStream(magic[..read], input);
        if (head.StartsWith(stackalloc byte[] { 0x1f, 0x8b }))
            return new GZipStream(joined, CompressionMode.Decompress);
        if (head.StartsWith(stackalloc byte[] { 0x28, 0xb5, 0x2f, 0xfd }))
            return new ZstdSharp.DecompressionStream(joined);
        if (head.StartsWith(stackalloc byte[] { 0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00 }))
            throw new InvalidArchiveException("xz-compressed archives are not supported: decompress it first (xz -d) or use gzip");
        if (head.StartsWith("BZh"u8))
            throw new InvalidArchiveException("bzip2-compressed archives are not supported: decompress it first (bunzip2) or use gzip");
        return joined;
    }

    public static string HexDigest(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));
}

/// <summary>Bytes already read for sniffing, followed by the rest of the inner stream.</summary>
internal sealed class PrefixedStream(byte[] prefix, Stream inner) : ReadOnlyStreamBase
{
    private int _position;

    public override int Read(Span<byte> buffer)
    {
        if (_position < prefix.Length)
        {
            var n = Math.Min(buffer.Length, prefix.Length - _position);
            prefix.AsSpan(_position, n).CopyTo(buffer);
            _position += n;
            return n;
        }
        return inner.Read(buffer);
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_position >= prefix.Length) return inner.ReadAsync(buffer, cancellationToken);
        return ValueTask.FromResult(Read(buffer.Span));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Computes the sha256 of everything read through it (the diff id of an uncompressed layer tar).</summary>
internal sealed class HashingStream(Stream inner) : ReadOnlyStreamBase
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

    public long BytesRead { get; private set; }

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        _hash.AppendData(buffer[..n]);
        BytesRead += n;
        return n;
    }

    /// <summary>Reads the rest (tar end padding) so the digest covers the whole stream, then returns "sha256:hex".</summary>
    public string Finish()
    {
        var buffer = new byte[81920];
        while (Read(buffer) > 0) { }
        return "sha256:" + Convert.ToHexStringLower(_hash.GetHashAndReset());
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) { _hash.Dispose(); inner.Dispose(); }
        base.Dispose(disposing);
    }
}

/// <summary>Reports each chunk read to <paramref name="onRead"/> before handing it on, so a limit can stop the
/// reading (by throwing) before the chunk is written anywhere.</summary>
internal sealed class CountingStream(Stream inner, Action<int> onRead) : ReadOnlyStreamBase
{
    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        if (n > 0) onRead(n);
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>A read-only window [offset, offset+length) of a seekable stream it owns.</summary>
internal sealed class SubStream(Stream inner, long offset, long length) : ReadOnlyStreamBase
{
    private long _position;

    public override int Read(Span<byte> buffer)
    {
        var left = length - _position;
        if (left <= 0) return 0;
        if (buffer.Length > left) buffer = buffer[..(int)left];
        inner.Position = offset + _position;
        var n = inner.Read(buffer);
        _position += n;
        return n;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}

/// <summary>Forward-only, read-only stream plumbing shared by the wrappers above.</summary>
internal abstract class ReadOnlyStreamBase : Stream
{
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));
    public abstract override int Read(Span<byte> buffer);
    // Asynchronous reads are the synchronous ones unless a wrapper of a stream that must be read asynchronously (a
    // request body: Kestrel refuses synchronous reads) overrides the Memory overload; array reads go through it.
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
