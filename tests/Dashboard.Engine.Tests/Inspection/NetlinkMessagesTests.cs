using System.Text;
using Dashboard.Engine.Inspection;
using Dashboard.Engine.Inspection.Network;

namespace Dashboard.Engine.Tests.Inspection;

/// <summary>The rtnetlink parser on messages laid out as the kernel sends them (host byte order, 4-byte aligned).</summary>
public sealed class NetlinkMessagesTests
{
    [Fact]
    public void A_dump_request_is_a_header_and_a_zeroed_family_message()
    {
        var links = NetlinkMessages.DumpRequest(NetlinkMessages.RtmGetLink, 7);
        Assert.Equal(32, links.Length);
        Assert.Equal(32u, BitConverter.ToUInt32(links, 0));
        Assert.Equal(NetlinkMessages.RtmGetLink, BitConverter.ToUInt16(links, 4));
        Assert.Equal(0x301, BitConverter.ToUInt16(links, 6)); // NLM_F_REQUEST | NLM_F_DUMP
        Assert.Equal(7u, BitConverter.ToUInt32(links, 8));
        Assert.All(links[16..], b => Assert.Equal(0, b));
        Assert.Equal(24, NetlinkMessages.DumpRequest(NetlinkMessages.RtmGetAddr, 8).Length);
    }

    [Fact]
    public void Links_and_addresses_combine_into_interfaces_like_ip_addr()
    {
        var datagram = Concat(
            Link(1, 0x10049, "lo", 65536, operState: 0, mac: new byte[6]),
            Link(2, 0x11043, "eth0", 1500, operState: 6, mac: [0x02, 0x42, 0xac, 0x11, 0x00, 0x02]));
        var addresses = Concat(
            Address(10, 1, 128, local: null, address: IPv6Loopback()),
            Address(2, 1, 8, local: [127, 0, 0, 1], address: [127, 0, 0, 1]),
            Address(2, 2, 16, local: [172, 17, 0, 2], address: [172, 17, 0, 2]),
            Done());
        var links = new List<NetlinkMessages.Link>();
        var found = new List<NetlinkMessages.Address>();

        Assert.False(NetlinkMessages.Parse(datagram, links, found)); // no NLMSG_DONE yet: read on
        Assert.True(NetlinkMessages.Parse(addresses, links, found));
        var interfaces = NetlinkMessages.Combine(links, found);

        var lo = interfaces[0];
        Assert.Equal((1, "lo", "UNKNOWN", 65536, (string?)null), (lo.Index, lo.Name, lo.State, lo.Mtu, lo.MacAddress));
        Assert.Equal(["127.0.0.1/8", "::1/128"], lo.Addresses);
        Assert.Equal(["LOOPBACK", "UP", "LOWER_UP"], lo.Flags);
        var eth = interfaces[1];
        Assert.Equal(("eth0", "UP", 1500, "02:42:ac:11:00:02"), (eth.Name, eth.State, eth.Mtu, eth.MacAddress));
        Assert.Equal(["172.17.0.2/16"], eth.Addresses);
        Assert.Equal(["BROADCAST", "MULTICAST", "UP", "LOWER_UP"], eth.Flags);
    }

    [Fact]
    public void A_veths_peer_index_is_read_from_ifla_link()
    {
        var veth = Link(2, 0x11043, "eth0", 1500, operState: 6, mac: [0x4e, 0x1b, 0xb4, 0xf1, 0x34, 0x58]);
        // IFLA_LINK (5) appended to the message: the peer's index on the host.
        var withLink = Message(NetlinkMessages.RtmNewLink, [.. veth[16..], .. Attribute(5, BitConverter.GetBytes(17))]);
        var links = new List<NetlinkMessages.Link>();
        NetlinkMessages.Parse(Concat(Link(1, 0x10049, "lo", 65536, operState: 0, mac: new byte[6]), withLink, Done()), links, []);
        var interfaces = NetlinkMessages.Combine(links, []);
        Assert.Null(interfaces[0].PeerIndex);
        Assert.Equal(17, interfaces[1].PeerIndex);
    }

    [Fact]
    public void An_error_message_fails_the_dump_and_an_ack_does_not()
    {
        Assert.Throws<IOException>(() => NetlinkMessages.Parse(Error(-1), [], []));
        Assert.False(NetlinkMessages.Parse(Error(0), [], []));
        Assert.Throws<IOException>(() => NetlinkMessages.Parse(BitConverter.GetBytes(400u).Concat(new byte[12]).ToArray(), [], []));
    }

    private static byte[] IPv6Loopback()
    {
        var bytes = new byte[16];
        bytes[15] = 1;
        return bytes;
    }

    private static byte[] Link(int index, uint flags, string name, uint mtu, byte operState, byte[] mac)
    {
        var body = new List<byte>();
        body.AddRange(new byte[4]); // family, pad, type
        body.AddRange(BitConverter.GetBytes(index));
        body.AddRange(BitConverter.GetBytes(flags));
        body.AddRange(new byte[4]); // change
        body.AddRange(Attribute(3, Encoding.ASCII.GetBytes(name + "\0")));
        body.AddRange(Attribute(4, BitConverter.GetBytes(mtu)));
        body.AddRange(Attribute(16, [operState]));
        body.AddRange(Attribute(1, mac));
        return Message(NetlinkMessages.RtmNewLink, body);
    }

    private static byte[] Address(byte family, int index, byte prefix, byte[]? local, byte[] address)
    {
        var body = new List<byte> { family, prefix, 0, 0 };
        body.AddRange(BitConverter.GetBytes(index));
        body.AddRange(Attribute(1, address));
        if (local is not null) body.AddRange(Attribute(2, local));
        return Message(NetlinkMessages.RtmNewAddr, body);
    }

    private static byte[] Done() => Message(NetlinkMessages.NlmsgDone, [0, 0, 0, 0]);

    private static byte[] Error(int errno) => Message(NetlinkMessages.NlmsgError, [.. BitConverter.GetBytes(errno), .. new byte[16]]);

    private static byte[] Attribute(ushort type, byte[] value)
    {
        var length = 4 + value.Length;
        var bytes = new List<byte>();
        bytes.AddRange(BitConverter.GetBytes((ushort)length));
        bytes.AddRange(BitConverter.GetBytes(type));
        bytes.AddRange(value);
        while (bytes.Count % 4 != 0) bytes.Add(0);
        return [.. bytes];
    }

    private static byte[] Message(ushort type, List<byte> body)
    {
        var bytes = new List<byte>();
        bytes.AddRange(BitConverter.GetBytes((uint)(16 + body.Count)));
        bytes.AddRange(BitConverter.GetBytes(type));
        bytes.AddRange(BitConverter.GetBytes((ushort)2)); // NLM_F_MULTI
        bytes.AddRange(new byte[8]);
        bytes.AddRange(body);
        return [.. bytes];
    }

    private static byte[] Concat(params byte[][] parts) => parts.SelectMany(p => p).ToArray();
}
