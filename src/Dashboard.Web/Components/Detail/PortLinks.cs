using Dashboard.Engine.Networking;

namespace Dashboard.Web.Components.Detail;

/// <summary>
/// Which published ports get a link, and to where. Any TCP port may serve HTTP, so every TCP port is a link except the
/// well-known ports of other protocols (ssh, databases, mail, DNS, ...); 443 and 8443 are https. The link's host is the
/// bound address, or, for a port on every address, the host the browser reached the dashboard by (the port answers
/// there too). UDP ports are never links.
/// </summary>
public static class PortLinks
{
    private static readonly HashSet<int> s_notHttp =
    [
        21, 22, 23, 25, 53, 110, 143, 389, 465, 587, 636, 993, 995, 1433, 1521, 2181, 3306, 5432, 5672, 6379, 9092, 11211, 27017,
    ];

    public static string? Url(PublishedPort port, string dashboardHost)
    {
        if (port.Protocol != "tcp" || s_notHttp.Contains(port.ContainerPort) || port.HostPort <= 0) return null;
        var scheme = port.ContainerPort is 443 or 8443 ? "https" : "http";
        var host = port.HostIp is "" or "0.0.0.0" ? dashboardHost : port.HostIp;
        if (host.Contains(':') && !host.StartsWith('[')) host = "[" + host + "]"; // an IPv6 literal
        return $"{scheme}://{host}:{port.HostPort}/";
    }
}
