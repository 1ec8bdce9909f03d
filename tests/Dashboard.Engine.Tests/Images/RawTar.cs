using System.Text;

namespace Dashboard.Engine.Tests.Images;

/// <summary>
/// Writes tar blocks by hand, for what TarWriter cannot write: PAX records with binary values (TarWriter encodes
/// strings as UTF-8, and a capability set is not text) and headers that claim impossible sizes.
/// </summary>
internal sealed class RawTar
{
    private readonly MemoryStream _buffer = new();

    /// <summary>A 'x' header carrying <paramref name="records"/>, then the entry (type '0' file or '5' directory).</summary>
    public RawTar Entry(char type, string name, byte[] content, params (string Key, byte[] Value)[] records) =>
        Entry(type, name, content, uid: 0, records);

    public RawTar Entry(char type, string name, byte[] content, int uid, params (string Key, byte[] Value)[] records)
    {
        if (records.Length > 0)
        {
            var pax = Records(records);
            Header('x', "PaxHeaders/" + name.TrimEnd('/'), pax.Length);
            Data(pax);
        }
        Header(type, name, content.Length, uid, uid);
        Data(content);
        return this;
    }

    /// <summary>A header alone, claiming <paramref name="size"/> bytes of data that the caller supplies (or not).</summary>
    public RawTar Header(char type, string name, long size, int uid = 0, int gid = 0)
    {
        var block = new byte[512];
        Ascii(block, 0, name);
        Ascii(block, 100, type == '5' ? "0000755" : "0000644");
        Ascii(block, 108, Convert.ToString(uid, 8).PadLeft(7, '0'));
        Ascii(block, 116, Convert.ToString(gid, 8).PadLeft(7, '0'));
        Ascii(block, 124, Convert.ToString(size, 8).PadLeft(11, '0'));
        Ascii(block, 136, "14544643203"); // 2024-01-02
        block[156] = (byte)type;
        Ascii(block, 257, "ustar\0" + "00");
        Array.Fill(block, (byte)' ', 148, 8);
        var sum = block.Sum(b => b);
        Ascii(block, 148, Convert.ToString(sum, 8).PadLeft(6, '0') + "\0 ");
        _buffer.Write(block);
        return this;
    }

    public byte[] Build()
    {
        _buffer.Write(new byte[1024]);
        return _buffer.ToArray();
    }

    /// <summary>The blocks written so far, without the end-of-archive marker.</summary>
    public byte[] Open() => _buffer.ToArray();

    private void Data(byte[] data)
    {
        _buffer.Write(data);
        _buffer.Write(new byte[(512 - data.Length % 512) % 512]);
    }

    /// <summary>"LENGTH KEY=VALUE\n", where LENGTH counts its own digits too.</summary>
    private static byte[] Records((string Key, byte[] Value)[] records)
    {
        var output = new MemoryStream();
        foreach (var (key, value) in records)
        {
            var rest = Encoding.UTF8.GetByteCount(key) + value.Length + 3; // ' ', '=', '\n'
            var length = rest + 1;
            while (length.ToString().Length + rest != length) length++;
            output.Write(Encoding.ASCII.GetBytes($"{length} {key}="));
            output.Write(value);
            output.WriteByte((byte)'\n');
        }
        return output.ToArray();
    }

    private static void Ascii(byte[] block, int offset, string text) => Encoding.ASCII.GetBytes(text).CopyTo(block, offset);
}
