using System.Net;
using System.Net.NetworkInformation;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Dashboard.Web.Access;

/// <summary>
/// The DNS-rebinding defence: over TCP, a request is served only when its Host header names this daemon. A page on
/// evil.example whose name is then re-pointed at 127.0.0.1 makes the browser talk to us as "evil.example"; it has no
/// session cookie of ours, but it could read the login page and the public routes and try passwords, so such requests
/// are refused outright. Allowed: localhost, 127.0.0.1 and [::1], every address the daemon listens on, for a
/// wildcard listener (0.0.0.0, [::]) the machine's name and interface addresses, and <see cref="AccessOptions.AllowedHosts"/>
/// (a name a reverse proxy forwards; "*" turns the check off). The port is not compared: rebinding changes the name.
/// The unix socket is not checked (the docker CLI sends "Host: api.moby.localhost").
/// </summary>
public sealed class HostAllowList(AccessOptions options, IServer server)
{
    private HashSet<string>? _hosts;

    /// <summary>True when "*" is configured: every Host is accepted.</summary>
    public bool AllowsAny => options.AllowedHosts.Any(h => h.Trim() == "*");

    public bool Allows(HostString host)
    {
        if (AllowsAny) return true;
        if (!host.HasValue) return false;
        return Hosts().Contains(Normalize(host.Host));
    }

    /// <summary>The names accepted (for the refusal message and tests).</summary>
    public IReadOnlyCollection<string> Hosts() => _hosts ??= Build();

    private HashSet<string> Build()
    {
        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "localhost", "127.0.0.1", "::1" };
        foreach (var configured in options.AllowedHosts) hosts.Add(Normalize(configured));
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        foreach (var address in addresses)
        {
            if (!address.StartsWith("http", StringComparison.OrdinalIgnoreCase)) continue;
            if (!Uri.TryCreate(address.Replace("://*", "://0.0.0.0").Replace("://+", "://0.0.0.0"), UriKind.Absolute, out var uri)) continue;
            var name = Normalize(uri.Host);
            if (IPAddress.TryParse(name, out var ip) && (ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any))) AddMachine(hosts);
            else hosts.Add(name);
        }
        return hosts;
    }

    /// <summary>A wildcard listener answers on every interface: the machine's names and addresses are all this daemon.</summary>
    private static void AddMachine(HashSet<string> hosts)
    {
        hosts.Add(Environment.MachineName);
        try
        {
            hosts.Add(Dns.GetHostEntry(Environment.MachineName).HostName);
            foreach (var nic in NetworkInterface.GetAllNetworkInterfaces())
                foreach (var unicast in nic.GetIPProperties().UnicastAddresses)
                    hosts.Add(Normalize(unicast.Address.ToString()));
        }
        catch (Exception ex) when (ex is System.Net.Sockets.SocketException or NetworkInformationException) { }
    }

    /// <summary>Without IPv6 brackets, an IPv6 zone or a trailing dot.</summary>
    private static string Normalize(string host)
    {
        var h = host.Trim().Trim('[', ']').TrimEnd('.');
        var zone = h.IndexOf('%');
        return zone >= 0 && h.Contains(':') ? h[..zone] : h;
    }
}
