using System.Globalization;
using System.Text;

namespace Dashboard.Engine.Images;

/// <summary>
/// Follows the tar blocks <see cref="System.Formats.Tar.TarReader"/> reads through it, to hand the extractor each
/// entry's PAX records with their raw bytes. TarReader decodes PAX values as UTF-8, which mangles binary ones: the
/// security.capability of a cap_setuid binary holds a 0x80 byte that comes back as U+FFFD.
/// The tap also refuses metadata entries (PAX headers, GNU long names) over <see cref="MaxMetadataBytes"/> before
/// TarReader allocates a buffer of whatever size such a header claims (up to 2 GiB, from a few bytes of gzip).
/// It never fails on what it cannot follow (a bad checksum, a GNU sparse entry): it stops watching, records stay
/// empty from then on, and TarReader decides about the archive. It does not own <paramref name="inner"/>.
/// </summary>
internal sealed class TarHeaderTap(Stream inner) : ReadOnlyStreamBase
{
    public const int MaxMetadataBytes = 1 << 20;
    private const int Block = 512;
    private static readonly IReadOnlyDictionary<string, byte[]> None = new Dictionary<string, byte[]>();

    private readonly byte[] _header = new byte[Block];
    private int _headerFill;
    private long _position;
    private long _nextHeader;
    private byte[]? _pax; // the data of the 'x' entry being read
    private int _paxFill;
    private Dictionary<string, byte[]>? _pending; // records waiting for the header of the entry they describe
    private bool _lost;

    /// <summary>The PAX records of the entry whose header went through last, values as raw bytes.</summary>
    public IReadOnlyDictionary<string, byte[]> Records { get; private set; } = None;

    public override int Read(Span<byte> buffer)
    {
        var n = inner.Read(buffer);
        Observe(buffer[..n]);
        return n;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var n = await inner.ReadAsync(buffer, cancellationToken);
        Observe(buffer.Span[..n]);
        return n;
    }

    private void Observe(ReadOnlySpan<byte> data)
    {
        while (data.Length > 0 && !_lost)
        {
            if (_position < _nextHeader)
            {
                // Entry data and its padding: kept for a PAX header, passed over otherwise.
                var take = (int)Math.Min(data.Length, _nextHeader - _position);
                if (_pax is not null && _paxFill < _pax.Length)
                {
                    var copy = Math.Min(take, _pax.Length - _paxFill);
                    data[..copy].CopyTo(_pax.AsSpan(_paxFill));
                    _paxFill += copy;
                }
                _position += take;
                data = data[take..];
                if (_position == _nextHeader && _pax is not null) { _pending = ParseRecords(_pax); _pax = null; }
                continue;
            }
            var fill = Math.Min(data.Length, Block - _headerFill);
            data[..fill].CopyTo(_header.AsSpan(_headerFill));
            _headerFill += fill;
            _position += fill;
            data = data[fill..];
            if (_headerFill < Block) continue;
            _headerFill = 0;
            OnHeader();
        }
    }

    private void OnHeader()
    {
        if (!_header.AsSpan().ContainsAnyExcept((byte)0)) { _nextHeader = _position; return; } // end-of-archive block
        if (!ChecksumMatches() || !TryReadSize(out var size)) { Lose(); return; }
        var type = (char)_header[156];
        switch (type)
        {
            case 'x' or 'g' or 'L' or 'K':
                if (size > MaxMetadataBytes)
                    throw new InvalidArchiveException(
                        $"the archive has a {(type is 'L' or 'K' ? "GNU long name" : "PAX")} header of {size} bytes; at most {MaxMetadataBytes} are allowed");
                if (type == 'x')
                {
                    _paxFill = 0;
                    if (size == 0) _pending = new();
                    else _pax = new byte[size];
                }
                if (type == 'g') Records = None; // TarReader returns a global header as an entry of its own
                break;
            default:
                Records = _pending ?? None;
                _pending = null;
                // A PAX size record overrides the header's (files over 8 GiB); sparse entries have maps this tap skips.
                if (Records.TryGetValue("size", out var paxSize)
                    && !long.TryParse(paxSize, NumberStyles.None, CultureInfo.InvariantCulture, out size)) { Lose(); return; }
                if (type == 'S') { Lose(); return; }
                break;
        }
        _nextHeader = _position + (size + Block - 1) / Block * Block;
    }

    private void Lose()
    {
        _lost = true;
        Records = None;
    }

    private bool ChecksumMatches()
    {
        if (!TryOctal(_header.AsSpan(148, 8), out var stored)) return false;
        long unsigned = 0, signed = 0;
        for (var i = 0; i < Block; i++)
        {
            var b = i is >= 148 and < 156 ? (byte)' ' : _header[i];
            unsigned += b;
            signed += (sbyte)b;
        }
        return stored == unsigned || stored == signed; // some old tars summed signed bytes
    }

    private bool TryReadSize(out long size)
    {
        var field = _header.AsSpan(124, 12);
        if ((field[0] & 0x80) == 0) return TryOctal(field, out size);
        // GNU base-256 for sizes octal cannot hold: big-endian after the marker bit; negative values are invalid.
        size = field[0] & 0x7f;
        foreach (var b in field[1..])
        {
            if (size > long.MaxValue >> 8) return false;
            size = size << 8 | b;
        }
        return (field[0] & 0x40) == 0;
    }

    private static bool TryOctal(ReadOnlySpan<byte> field, out long value)
    {
        value = 0;
        var i = 0;
        while (i < field.Length && field[i] is (byte)' ' or 0) i++;
        for (; i < field.Length && field[i] is >= (byte)'0' and <= (byte)'7'; i++)
        {
            if (value > long.MaxValue >> 3) return false;
            value = value << 3 | (long)(field[i] - '0');
        }
        return i == field.Length || field[i] is (byte)' ' or 0;
    }

    /// <summary>"LENGTH KEY=VALUE\n" records; LENGTH counts the whole record. Stops at the first malformed one.</summary>
    private static Dictionary<string, byte[]> ParseRecords(ReadOnlySpan<byte> data)
    {
        var records = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        while (data.Length > 0)
        {
            var space = data.IndexOf((byte)' ');
            if (space <= 0 || !int.TryParse(data[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var length)
                || length < space + 3 || length > data.Length || data[length - 1] != (byte)'\n')
                break;
            var record = data[(space + 1)..(length - 1)];
            var equals = record.IndexOf((byte)'=');
            if (equals > 0) records[Encoding.UTF8.GetString(record[..equals])] = record[(equals + 1)..].ToArray();
            data = data[length..];
        }
        return records;
    }
}
