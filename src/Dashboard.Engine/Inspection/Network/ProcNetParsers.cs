using System.Globalization;
using System.Net;
using System.Numerics;

namespace Dashboard.Engine.Inspection.Network;

/// <summary>
/// Parsers for /proc/PID/net/{route,ipv6_route,tcp,tcp6,udp,udp6,unix}, which show the network namespace of PID
/// (no setns needed). IPv4 addresses in route/tcp/udp are the __be32 printed as a native-endian hex number; tcp6/udp6
/// print four such words; ipv6_route prints the 16 bytes in order. Malformed lines are skipped.
/// </summary>
internal static class ProcNetParsers
{
    private const uint RtfUp = 0x1;
    private const uint RtfReject = 0x200;
    private const uint RtfLocal = 0x80000000; // local-table routes (the addresses of this host), which ip route hides
    private const int TcpListen = 0x0A;
    private const int TcpClose = 0x07;        // an unconnected UDP socket: bound, receiving from anyone
    private const uint UnixAcceptConnection = 0x10000; // __SO_ACCEPTCON: listen() was called

    /// <summary>/proc/net/route: "Iface Destination Gateway Flags RefCnt Use Metric Mask ...", up routes only.</summary>
    public static IEnumerable<NetRoute> Ipv4Routes(string? content)
    {
        foreach (var f in DataLines(content, skipHeader: true))
        {
            if (f.Length < 8 || Hex(f[1]) is not { } dest || Hex(f[2]) is not { } gateway || Hex(f[3]) is not { } flags
                || Hex(f[7]) is not { } mask || !int.TryParse(f[6], CultureInfo.InvariantCulture, out var metric)) continue;
            if ((flags & RtfUp) == 0 || (flags & RtfReject) != 0) continue;
            var prefix = BitOperations.PopCount(mask);
            var destination = dest == 0 && prefix == 0 ? "default" : $"{Ipv4(dest)}/{prefix}";
            yield return new NetRoute("inet", destination, gateway == 0 ? null : Ipv4(gateway).ToString(), f[0], metric);
        }
    }

    /// <summary>/proc/net/ipv6_route: "dest destlen src srclen nexthop metric refcnt use flags iface" (no header).
    /// Reject routes and local-table routes are left out, as ip -6 route shows the main table.</summary>
    public static IEnumerable<NetRoute> Ipv6Routes(string? content)
    {
        foreach (var f in DataLines(content, skipHeader: false))
        {
            if (f.Length < 10 || Ipv6Bytes(f[0]) is not { } dest || Ipv6Bytes(f[4]) is not { } hop
                || Hex(f[1]) is not { } prefix || Hex(f[5]) is not { } metric || Hex(f[8]) is not { } flags) continue;
            if ((flags & RtfUp) == 0 || (flags & (RtfReject | RtfLocal)) != 0) continue;
            var destination = prefix == 0 && dest.All(b => b == 0) ? "default" : $"{new IPAddress(dest)}/{prefix}";
            var gateway = hop.All(b => b == 0) ? null : new IPAddress(hop).ToString();
            yield return new NetRoute("inet6", destination, gateway, f[9], (int)metric);
        }
    }

    /// <summary>Listening TCP sockets or bound, unconnected UDP sockets of /proc/net/{tcp,tcp6,udp,udp6}.</summary>
    /// <param name="protocol">"tcp", "tcp6", "udp" or "udp6": decides the address format and the state wanted.</param>
    public static IEnumerable<ListeningSocket> InetSockets(string? content, string protocol)
    {
        var wanted = protocol.StartsWith("tcp", StringComparison.Ordinal) ? TcpListen : TcpClose;
        foreach (var f in DataLines(content, skipHeader: true))
        {
            if (f.Length < 10 || Hex(f[3]) is not { } state || state != wanted) continue;
            var local = f[1].Split(':');
            if (local.Length != 2 || Hex(local[1]) is not { } port) continue;
            var address = local[0].Length == 8 ? Hex(local[0]) is { } v4 ? Ipv4(v4) : null : Ipv6Words(local[0]);
            if (address is null || !ulong.TryParse(f[9], CultureInfo.InvariantCulture, out var inode)) continue;
            yield return new ListeningSocket(protocol, address.ToString(), (int)port, inode, null);
        }
    }

    /// <summary>Listening unix sockets of /proc/net/unix: "Num RefCount Protocol Flags Type St Inode [Path]". A path
    /// starting with '@' is an abstract name; a listener without a path (rare) shows as "".</summary>
    public static IEnumerable<ListeningSocket> UnixSockets(string? content)
    {
        foreach (var line in (content ?? "").Split('\n').Skip(1))
        {
            var f = line.Split(' ', 8, StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 7 || Hex(f[3]) is not { } flags || (flags & UnixAcceptConnection) == 0) continue;
            if (!ulong.TryParse(f[6], CultureInfo.InvariantCulture, out var inode)) continue;
            yield return new ListeningSocket("unix", f.Length > 7 ? f[7].Trim() : "", 0, inode, null);
        }
    }

    private static IEnumerable<string[]> DataLines(string? content, bool skipHeader) =>
        (content ?? "").Split('\n').Skip(skipHeader ? 1 : 0)
            .Select(l => l.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length > 0);

    private static uint? Hex(string s) =>
        uint.TryParse(s, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>The kernel printed the network-order address as a native u32: its native bytes are the address.</summary>
    private static IPAddress Ipv4(uint printed) => new(BitConverter.GetBytes(printed));

    private static byte[]? Ipv6Bytes(string hex32)
    {
        if (hex32.Length != 32) return null;
        try { return Convert.FromHexString(hex32); }
        catch (FormatException) { return null; }
    }

    /// <summary>tcp6/udp6 print the in6_addr as four native-endian u32 words.</summary>
    private static IPAddress? Ipv6Words(string hex32)
    {
        if (hex32.Length != 32) return null;
        var bytes = new byte[16];
        for (var i = 0; i < 4; i++)
        {
            if (Hex(hex32.Substring(i * 8, 8)) is not { } word) return null;
            BitConverter.GetBytes(word).CopyTo(bytes, i * 4);
        }
        return new IPAddress(bytes);
    }
}
