using System.Security.Cryptography;
using Dashboard.Engine.Images;

namespace Dashboard.Engine.Registry;

/// <summary>
/// A blob as it arrives from the network: hashed as it is read, refused past its declared size, progress reported.
/// The decompressor and the layer extractor read through it; disposing them does not close it (the owner closes
/// the response), so <see cref="Verify"/> can drain what they left and check the digest before anything is committed.
/// </summary>
internal sealed class VerifyingBlobStream(Stream inner, Descriptor blob, Action<long> onProgress) : ReadOnlyStreamBase
{
    private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
    private long _read;

    public long BytesRead => _read;

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        if (n == 0) return 0;
        _hash.AppendData(buffer[..n]);
        _read += n;
        if (blob.Size >= 0 && _read > blob.Size)
            throw new RegistryDigestMismatchException($"blob {blob.Digest} is longer than the {blob.Size} bytes its manifest declares");
        onProgress(_read);
        return n;
    }

    /// <summary>Reads what is left (trailing bytes after the compressed stream) and checks length and digest.</summary>
    public void Verify()
    {
        var rest = new byte[81920];
        while (Read(rest) > 0) { }
        if (blob.Size >= 0 && _read != blob.Size)
            throw new RegistryDigestMismatchException($"blob {blob.Digest} ended after {_read} of its {blob.Size} bytes");
        var actual = "sha256:" + Convert.ToHexStringLower(_hash.GetHashAndReset());
        if (actual != blob.Digest)
            throw new RegistryDigestMismatchException($"filesystem layer verification failed for digest {blob.Digest}: the registry sent content with digest {actual}");
    }

    protected override void Dispose(bool disposing)
    {
        // Deliberately leaves the inner stream open: see the summary. The hash is freed with the response by the owner.
    }

    public void Release() => _hash.Dispose();
}
