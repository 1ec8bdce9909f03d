using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Dashboard.Engine.Inspection.Network;

/// <summary>
/// Builds RTM_GETLINK / RTM_GETADDR dump requests and parses the kernel's answers (rtnetlink(7)). Pure, so it is
/// tested on byte arrays. Netlink uses the host's byte order; everything is 4-byte aligned.
/// </summary>
internal static class NetlinkMessages
{
    public const ushort NlmsgError = 2;
    public const ushort NlmsgDone = 3;
    public const ushort RtmNewLink = 16;
    public const ushort RtmGetLink = 18;
    public const ushort RtmNewAddr = 20;
    public const ushort RtmGetAddr = 22;
    private const ushort NlmFRequest = 0x1;
    private const ushort NlmFDump = 0x300;
    private const int HeaderLength = 16;
    private const int IfInfoLength = 16;
    private const int IfAddrLength = 8;
    private const ushort IflaAddress = 1, IflaIfname = 3, IflaMtu = 4, IflaLink = 5, IflaOperstate = 16;
    private const ushort IfaAddress = 1, IfaLocal = 2;
    private const byte AfInet = 2, AfInet6 = 10;

    private static readonly string[] OperStates = ["UNKNOWN", "NOTPRESENT", "DOWN", "LOWERLAYERDOWN", "TESTING", "DORMANT", "UP"];

    /// <summary>The interface flags ip link prints, in its order (RUNNING is left out, as ip does).</summary>
    private static readonly (uint Bit, string Name)[] FlagNames =
    [
        (0x8, "LOOPBACK"), (0x2, "BROADCAST"), (0x10, "POINTOPOINT"), (0x1000, "MULTICAST"), (0x80, "NOARP"),
        (0x200, "ALLMULTI"), (0x100, "PROMISC"), (0x1, "UP"), (0x10000, "LOWER_UP"), (0x20000, "DORMANT"),
    ];

    /// <summary>One link (RTM_NEWLINK) before its addresses are attached.</summary>
    public sealed record Link(int Index, string Name, string State, int Mtu, string? MacAddress, IReadOnlyList<string> Flags)
    {
        /// <summary>IFLA_LINK: for a veth, its peer's index (in the peer's namespace, the host's for a container's eth0).</summary>
        public int? LinkIndex { get; init; }
    }

    /// <summary>One address (RTM_NEWADDR) of the interface with <see cref="Index"/>, in CIDR notation.</summary>
    public sealed record Address(int Index, byte Family, string Cidr);

    /// <summary>A dump request: nlmsghdr plus a zeroed ifinfomsg (links) or ifaddrmsg (addresses), all families.</summary>
    public static byte[] DumpRequest(ushort type, uint sequence)
    {
        var length = HeaderLength + (type == RtmGetLink ? IfInfoLength : IfAddrLength);
        var message = new byte[length];
        var span = message.AsSpan();
        WriteU32(span, 0, (uint)length);
        WriteU16(span, 4, type);
        WriteU16(span, 6, NlmFRequest | NlmFDump);
        WriteU32(span, 8, sequence);
        return message;
    }

    /// <summary>
    /// Walks the messages in one received datagram. Returns true when NLMSG_DONE was seen (the dump is complete).
    /// Throws <see cref="IOException"/> for an NLMSG_ERROR with a non-zero errno.
    /// </summary>
    public static bool Parse(ReadOnlySpan<byte> data, List<Link> links, List<Address> addresses)
    {
        var offset = 0;
        while (offset + HeaderLength <= data.Length)
        {
            var length = (int)ReadU32(data, offset);
            if (length < HeaderLength || offset + length > data.Length) throw new IOException("malformed netlink message");
            var type = ReadU16(data, offset + 4);
            var payload = data.Slice(offset + HeaderLength, length - HeaderLength);
            switch (type)
            {
                case NlmsgDone:
                    return true;
                case NlmsgError:
                    var errno = payload.Length >= 4 ? -(int)ReadU32(payload, 0) : 0;
                    if (errno != 0) throw new IOException($"netlink dump failed: errno {errno}");
                    break;
                case RtmNewLink when payload.Length >= IfInfoLength:
                    links.Add(ParseLink(payload));
                    break;
                case RtmNewAddr when payload.Length >= IfAddrLength:
                    if (ParseAddress(payload) is { } address) addresses.Add(address);
                    break;
            }
            offset += Align(length);
        }
        return false;
    }

    /// <summary>Links with their addresses, by index; IPv4 before IPv6 as ip addr shows them.</summary>
    public static IReadOnlyList<NetInterface> Combine(IEnumerable<Link> links, IEnumerable<Address> addresses)
    {
        var byIndex = addresses.GroupBy(a => a.Index).ToDictionary(
            g => g.Key, g => (IReadOnlyList<string>)g.OrderBy(a => a.Family == AfInet ? 0 : 1).Select(a => a.Cidr).ToList());
        return links.OrderBy(l => l.Index)
            .Select(l => new NetInterface(l.Index, l.Name, l.State, l.Mtu, l.MacAddress, byIndex.GetValueOrDefault(l.Index, []))
            {
                Flags = l.Flags,
                PeerIndex = l.LinkIndex is { } peer && peer != l.Index ? peer : null,
            })
            .ToList();
    }

    private static Link ParseLink(ReadOnlySpan<byte> payload)
    {
        var index = (int)ReadU32(payload, 4);
        var flags = ReadU32(payload, 8);
        string name = "", state = "UNKNOWN";
        string? mac = null;
        var mtu = 0;
        int? link = null;
        foreach (var (type, value) in Attributes(payload[IfInfoLength..]))
        {
            switch (type)
            {
                case IflaIfname: name = CString(value); break;
                case IflaMtu when value.Length >= 4: mtu = (int)ReadU32(value, 0); break;
                case IflaOperstate when value.Length >= 1: state = value[0] < OperStates.Length ? OperStates[value[0]] : "UNKNOWN"; break;
                case IflaAddress: mac = Mac(value); break;
                case IflaLink when value.Length >= 4: link = (int)ReadU32(value, 0); break;
            }
        }
        var flagNames = FlagNames.Where(f => (flags & f.Bit) != 0).Select(f => f.Name).ToList();
        return new Link(index, name, state, mtu, mac, flagNames) { LinkIndex = link };
    }

    private static Address? ParseAddress(ReadOnlySpan<byte> payload)
    {
        var family = payload[0];
        var prefix = payload[1];
        var index = (int)ReadU32(payload, 4);
        byte[]? address = null, local = null;
        foreach (var (type, value) in Attributes(payload[IfAddrLength..]))
        {
            if (type == IfaAddress) address = value;
            else if (type == IfaLocal) local = value;
        }
        // For IPv4, IFA_LOCAL is the interface's own address (IFA_ADDRESS is the peer on point-to-point links).
        var chosen = family == AfInet ? local ?? address : address ?? local;
        if (chosen is null || family is not (AfInet or AfInet6) || chosen.Length != (family == AfInet ? 4 : 16)) return null;
        return new Address(index, family, $"{new IPAddress(chosen)}/{prefix}");
    }

    private static List<(ushort Type, byte[] Value)> Attributes(ReadOnlySpan<byte> data)
    {
        var result = new List<(ushort, byte[])>();
        var offset = 0;
        while (offset + 4 <= data.Length)
        {
            var length = ReadU16(data, offset);
            if (length < 4 || offset + length > data.Length) break;
            // The top bits of the type are the NESTED and BYTEORDER flags.
            result.Add(((ushort)(ReadU16(data, offset + 2) & 0x3fff), data.Slice(offset + 4, length - 4).ToArray()));
            offset += Align(length);
        }
        return result;
    }

    private static string CString(byte[] value)
    {
        var end = Array.IndexOf(value, (byte)0);
        return Encoding.UTF8.GetString(value, 0, end < 0 ? value.Length : end);
    }

    /// <summary>A 6-byte hardware address as aa:bb:..; null for none, other lengths or all zeros (loopback).</summary>
    private static string? Mac(byte[] value) =>
        value.Length == 6 && value.Any(b => b != 0) ? string.Join(':', value.Select(b => b.ToString("x2"))) : null;

    private static int Align(int length) => (length + 3) & ~3;

    private static uint ReadU32(ReadOnlySpan<byte> data, int offset) => BitConverter.IsLittleEndian
        ? BinaryPrimitives.ReadUInt32LittleEndian(data[offset..]) : BinaryPrimitives.ReadUInt32BigEndian(data[offset..]);

    private static ushort ReadU16(ReadOnlySpan<byte> data, int offset) => BitConverter.IsLittleEndian
        ? BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]) : BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);

    private static void WriteU32(Span<byte> data, int offset, uint value) => BitConverter.TryWriteBytes(data[offset..], value);

    private static void WriteU16(Span<byte> data, int offset, ushort value) => BitConverter.TryWriteBytes(data[offset..], value);
}
