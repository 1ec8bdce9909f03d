using System.Globalization;
using System.Text;

namespace Dashboard.Engine.ContainerFiles;

/// <summary>One tar header: type flag ('0' file, '1' hard link, '2' symlink, '3' char, '4' block, '5' dir, '6' fifo).</summary>
internal readonly record struct TarHeader(
    string Name, char Type, uint Mode, int Uid, int Gid, long Size, long MtimeSeconds,
    string LinkName = "", uint DevMajor = 0, uint DevMinor = 0);

/// <summary>
/// Writes a tar stream the way Go's archive/tar (and so Docker) does: USTAR headers, and a PAX extended header only for
/// what USTAR cannot hold (a long or non-ASCII name or link target, a size of 8 GiB or more, large ids). Written
/// through a buffer; a file's data is exactly the size its header announced: a file that shrank while it was read is
/// padded with zeros, one that grew is cut, so the archive stays valid while a running container writes.
/// </summary>
internal sealed class TarStreamWriter(Stream output)
{
    private const int Block = 512;
    private const long MaxOctal11 = 0x1FFFFFFFF; // 8^11 - 1
    private const int MaxOctal7 = 0x1FFFFF;      // 8^7 - 1
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _fill;

    public async Task WriteHeaderAsync(TarHeader header, CancellationToken cancellationToken)
    {
        var pax = new List<(string Key, string Value)>();
        if (!FitsUstarName(header.Name, out var prefix, out var name))
        {
            pax.Add(("path", header.Name));
            (prefix, name) = ("", Truncate(header.Name, 100));
        }
        var link = header.LinkName;
        if (Encoding.UTF8.GetByteCount(link) > 100 || !IsAscii(link))
        {
            pax.Add(("linkpath", link));
            link = Truncate(link, 100);
        }
        if (header.Size > MaxOctal11) pax.Add(("size", header.Size.ToString(CultureInfo.InvariantCulture)));
        if (header.Uid is < 0 or > MaxOctal7) pax.Add(("uid", ((uint)header.Uid).ToString(CultureInfo.InvariantCulture)));
        if (header.Gid is < 0 or > MaxOctal7) pax.Add(("gid", ((uint)header.Gid).ToString(CultureInfo.InvariantCulture)));
        if (header.MtimeSeconds is < 0 or > MaxOctal11) pax.Add(("mtime", header.MtimeSeconds.ToString(CultureInfo.InvariantCulture)));

        if (pax.Count > 0)
        {
            var records = PaxRecords(pax);
            var paxName = "PaxHeaders.0/" + Truncate(header.Name.TrimEnd('/').Split('/')[^1], 80);
            await WriteBlockAsync(Ustar(paxName, "", 'x', 0b110_100_100, 0, 0, records.Length, header.MtimeSeconds is < 0 or > MaxOctal11 ? 0 : header.MtimeSeconds, "", 0, 0), cancellationToken);
            await WriteBytesAsync(records, cancellationToken);
            await PadAsync(records.Length, cancellationToken);
        }
        await WriteBlockAsync(Ustar(name, prefix, header.Type, header.Mode & 0xFFF,
            header.Uid is < 0 or > MaxOctal7 ? 0 : header.Uid, header.Gid is < 0 or > MaxOctal7 ? 0 : header.Gid,
            header.Size > MaxOctal11 ? 0 : header.Size, header.MtimeSeconds is < 0 or > MaxOctal11 ? 0 : header.MtimeSeconds,
            link, header.DevMajor, header.DevMinor), cancellationToken);
    }

    /// <summary>Copies exactly <paramref name="size"/> bytes of <paramref name="source"/> (zeros past its end), then the
    /// padding to the next block.</summary>
    public async Task WriteDataAsync(Stream source, long size, CancellationToken cancellationToken)
    {
        var left = size;
        while (left > 0)
        {
            if (_fill == _buffer.Length) await FlushBufferAsync(cancellationToken);
            var room = (int)Math.Min(_buffer.Length - _fill, left);
            var n = source.Read(_buffer, _fill, room);
            if (n <= 0)
            {
                Array.Clear(_buffer, _fill, room);
                n = room;
            }
            _fill += n;
            left -= n;
        }
        await PadAsync(size, cancellationToken);
    }

    /// <summary>The two zero blocks that end an archive, then everything buffered.</summary>
    public async Task FinishAsync(CancellationToken cancellationToken)
    {
        await WriteBytesAsync(new byte[Block * 2], cancellationToken);
        await FlushBufferAsync(cancellationToken);
        await output.FlushAsync(cancellationToken);
    }

    private async Task PadAsync(long size, CancellationToken cancellationToken)
    {
        var padding = (int)((Block - size % Block) % Block);
        if (padding > 0) await WriteBytesAsync(new byte[padding], cancellationToken);
    }

    private Task WriteBlockAsync(byte[] block, CancellationToken cancellationToken) => WriteBytesAsync(block, cancellationToken);

    private async Task WriteBytesAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        var offset = 0;
        while (offset < bytes.Length)
        {
            if (_fill == _buffer.Length) await FlushBufferAsync(cancellationToken);
            var n = Math.Min(bytes.Length - offset, _buffer.Length - _fill);
            Buffer.BlockCopy(bytes, offset, _buffer, _fill, n);
            _fill += n;
            offset += n;
        }
    }

    private async Task FlushBufferAsync(CancellationToken cancellationToken)
    {
        if (_fill == 0) return;
        await output.WriteAsync(_buffer.AsMemory(0, _fill), cancellationToken);
        _fill = 0;
    }

    private static byte[] Ustar(string name, string prefix, char type, uint mode, int uid, int gid, long size, long mtime,
        string link, uint devMajor, uint devMinor)
    {
        var block = new byte[Block];
        Put(block, 0, 100, name);
        Octal(block, 100, 8, mode);
        Octal(block, 108, 8, uid);
        Octal(block, 116, 8, gid);
        Octal(block, 124, 12, size);
        Octal(block, 136, 12, mtime);
        block[156] = (byte)type;
        Put(block, 157, 100, link);
        Put(block, 257, 6, "ustar");
        Put(block, 263, 2, "00");
        if (type is '3' or '4')
        {
            Octal(block, 329, 8, devMajor);
            Octal(block, 337, 8, devMinor);
        }
        Put(block, 345, 155, prefix);
        // The checksum is the byte sum with its own field read as spaces: six octal digits, NUL, space.
        for (var i = 148; i < 156; i++) block[i] = (byte)' ';
        long sum = 0;
        foreach (var b in block) sum += b;
        Octal(block, 148, 7, sum);
        block[154] = 0;
        block[155] = (byte)' ';
        return block;
    }

    /// <summary>USTAR holds an ASCII name of at most 100 bytes, or one split at a '/' into a prefix of at most 155 and a
    /// name of at most 100.</summary>
    private static bool FitsUstarName(string path, out string prefix, out string name)
    {
        prefix = "";
        name = path;
        if (!IsAscii(path)) return false;
        if (path.Length <= 100) return true;
        for (var i = Math.Min(path.Length - 1, 155); i > 0; i--)
        {
            if (path[i] != '/' || path.Length - i - 1 > 100 || path.Length - i - 1 == 0) continue;
            prefix = path[..i];
            name = path[(i + 1)..];
            return true;
        }
        return false;
    }

    private static byte[] PaxRecords(List<(string Key, string Value)> records)
    {
        var text = new StringBuilder();
        foreach (var (key, value) in records)
        {
            // "LENGTH KEY=VALUE\n", LENGTH counting the whole record, its own digits included.
            var body = Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value) + 3;
            var length = body + body.ToString(CultureInfo.InvariantCulture).Length;
            if (length.ToString(CultureInfo.InvariantCulture).Length != body.ToString(CultureInfo.InvariantCulture).Length) length++;
            text.Append(length.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(key).Append('=').Append(value).Append('\n');
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void Put(byte[] block, int offset, int length, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        Buffer.BlockCopy(bytes, 0, block, offset, Math.Min(bytes.Length, length));
    }

    /// <summary>Zero-padded octal digits filling the field but its last byte, which stays NUL.</summary>
    private static void Octal(byte[] block, int offset, int length, long value)
    {
        var digits = Convert.ToString(value, 8).PadLeft(length - 1, '0');
        Put(block, offset, length - 1, digits);
    }

    private static bool IsAscii(string s) => s.All(c => c is > '\0' and < (char)0x80);

    private static string Truncate(string s, int bytes)
    {
        while (Encoding.UTF8.GetByteCount(s) > bytes) s = s[..^1];
        return s;
    }
}
