using System.Net;

namespace Dashboard.Engine.Networking;

/// <summary>/etc/hosts and /etc/resolv.conf of a container on the engine's networks, as Docker writes them. Pure.</summary>
public static class EtcFiles
{
    /// <summary>Docker's fallback when the host has only loopback resolvers, which a container cannot reach.</summary>
    public static readonly IReadOnlyList<string> FallbackNameservers = ["8.8.8.8", "8.8.4.4"];

    /// <summary>localhost lines, then the container's hostname on each of its addresses (127.0.1.1 without any).</summary>
    public static string Hosts(string hostname, IReadOnlyList<ContainerEndpoint> endpoints)
    {
        var text = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n";
        if (endpoints.Count == 0) return text + $"127.0.1.1\t{hostname}\n";
        foreach (var endpoint in endpoints) text += $"{endpoint.IPAddress}\t{hostname}\n";
        return text;
    }

    /// <summary>
    /// On a network with DNS (a user network): aardvark-dns on the gateway(s) answers the members' names and forwards the
    /// rest to the host's resolvers, so it is the only nameserver. Otherwise (the default bridge) the host's file with
    /// loopback nameservers left out (127.0.0.53 of systemd-resolved means nothing inside the container); when none is
    /// left, Google's public resolvers, as Docker does. search and options lines are kept.
    /// </summary>
    public static string ResolvConf(string hostResolvConf, IReadOnlyList<string> dnsServers)
    {
        var lines = hostResolvConf.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var kept = new List<string>();
        var nameservers = 0;
        foreach (var line in lines)
        {
            var fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2 && fields[0] == "nameserver")
            {
                if (dnsServers.Count > 0 || IsLoopback(fields[1])) continue;
                nameservers++;
            }
            if (line.Length > 0) kept.Add(line);
        }
        var servers = dnsServers.Count > 0 ? dnsServers : nameservers == 0 ? FallbackNameservers : [];
        return string.Join('\n', servers.Select(s => "nameserver " + s).Concat(kept)) + "\n";
    }

    private static bool IsLoopback(string address) =>
        IPAddress.TryParse(address.Split('%')[0], out var ip) && IPAddress.IsLoopback(ip);
}
