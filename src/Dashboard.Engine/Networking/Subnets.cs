using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Dashboard.Engine.Networking;

/// <summary>IPv4 subnet arithmetic and the host's routes: enough to pick a free subnet, check a user's and lease addresses.</summary>
public static class Subnets
{
    /// <summary>Where automatic subnets come from: 10.91.0.0/24, 10.91.1.0/24, ... (podman uses 10.88 and 10.89, Docker
    /// 172.17 and up; starting elsewhere keeps clear of both on a host that runs them too).</summary>
    public static readonly IPNetwork AutomaticPool = IPNetwork.Parse("10.91.0.0/16");

    public static uint ToUInt(IPAddress address) => BinaryPrimitives.ReadUInt32BigEndian(address.GetAddressBytes());

    public static IPAddress FromUInt(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return new IPAddress(bytes);
    }

    public static bool Overlap(IPNetwork a, IPNetwork b) => a.Contains(b.BaseAddress) || b.Contains(a.BaseAddress);

    /// <summary>The first usable address (the gateway by convention).</summary>
    public static IPAddress FirstHost(IPNetwork subnet) => FromUInt(ToUInt(subnet.BaseAddress) + 1);

    /// <summary>Usable addresses of the subnet: neither the network nor the broadcast address.</summary>
    public static IEnumerable<IPAddress> Hosts(IPNetwork subnet)
    {
        var first = ToUInt(subnet.BaseAddress);
        var size = subnet.PrefixLength >= 31 ? 0u : (1u << (32 - subnet.PrefixLength));
        for (var i = 1u; i + 1 < size; i++) yield return FromUInt(first + i);
    }

    public static bool IsUsableHost(IPNetwork subnet, IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetwork || !subnet.Contains(address)) return false;
        var offset = ToUInt(address) - ToUInt(subnet.BaseAddress);
        var size = 1u << (32 - subnet.PrefixLength);
        return offset != 0 && offset != size - 1;
    }

    /// <summary>"10.1.2.0/24" as an IPv4 network with no host bits set; a message a person can act on otherwise.</summary>
    public static bool TryParse(string text, out IPNetwork subnet, out string? error)
    {
        subnet = default;
        if (!IPNetwork.TryParse(text.Trim(), out var parsed) || !text.Contains('/'))
        {
            var slash = text.IndexOf('/');
            if (slash > 0 && IPAddress.TryParse(text[..slash], out var address) && int.TryParse(text[(slash + 1)..], out var bits)
                && bits is >= 0 and <= 32 && address.AddressFamily == AddressFamily.InterNetwork)
            {
                var canonical = new IPNetwork(FromUInt(ToUInt(address) & Mask(bits)), bits);
                error = $"invalid subnet {text}: it has host bits set; did you mean {canonical}?";
                return false;
            }
            error = $"invalid subnet {text}: give an IPv4 network in CIDR form, e.g. 10.92.0.0/24";
            return false;
        }
        if (parsed.BaseAddress.AddressFamily == AddressFamily.InterNetwork
            && IPAddress.TryParse(text.Trim()[..text.Trim().IndexOf('/')], out var typed) && !typed.Equals(parsed.BaseAddress))
        {
            error = $"invalid subnet {text}: it has host bits set; did you mean {parsed}?";
            return false;
        }
        if (parsed.BaseAddress.AddressFamily != AddressFamily.InterNetwork)
        {
            error = $"invalid subnet {text}: only IPv4 subnets are supported";
            return false;
        }
        if (parsed.PrefixLength is < 8 or > 30)
        {
            error = $"invalid subnet {text}: the prefix length must be between /8 and /30";
            return false;
        }
        subnet = parsed;
        error = null;
        return true;
    }

    public static uint Mask(int bits) => bits == 0 ? 0 : uint.MaxValue << (32 - bits);

    /// <summary>The IPv4 destinations in the host's routing table (/proc/net/route), the default route left out.</summary>
    public static IReadOnlyList<IPNetwork> HostRoutes(string path = "/proc/net/route")
    {
        if (!File.Exists(path)) return [];
        return ParseRoutes(File.ReadAllText(path));
    }

    /// <summary>/proc/net/route: Iface Destination Gateway Flags RefCnt Use Metric Mask ...; addresses are the __be32
    /// printed as a native-endian (little-endian here) hex number.</summary>
    public static IReadOnlyList<IPNetwork> ParseRoutes(string text)
    {
        var routes = new List<IPNetwork>();
        foreach (var line in text.Split('\n').Skip(1))
        {
            var fields = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (fields.Length < 8) continue;
            if (!uint.TryParse(fields[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var destination)
                || !uint.TryParse(fields[7], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var mask)) continue;
            if (mask == 0) continue; // the default route covers everything and collides with nothing
            var destinationAddress = new IPAddress(BitConverter.GetBytes(destination));
            var maskBits = System.Numerics.BitOperations.PopCount(mask);
            routes.Add(new IPNetwork(FromUInt(ToUInt(destinationAddress) & Mask(maskBits)), maskBits));
        }
        return routes;
    }

    /// <summary>The first /24 of <paramref name="pool"/> that overlaps neither a host route nor a taken subnet.</summary>
    public static IPNetwork? PickFree(IEnumerable<IPNetwork> taken, IPNetwork pool)
    {
        var busy = taken.ToList();
        var start = ToUInt(pool.BaseAddress);
        var count = pool.PrefixLength >= 24 ? 1u : 1u << (24 - pool.PrefixLength);
        for (var i = 0u; i < count; i++)
        {
            var candidate = new IPNetwork(FromUInt(start + (i << 8)), 24);
            if (!busy.Any(b => Overlap(b, candidate))) return candidate;
        }
        return null;
    }
}
