using System.Net;
using System.Net.Sockets;

namespace Dashboard.Engine.Spec.Validation;

/// <summary>
/// -p in docker's syntax: [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL], an IPv6 host address in brackets. Ports are
/// 1..65535 (a host port may be empty or 0: a random one); protocols are tcp and udp (netavark 1.4 has sctp, but this
/// engine does not offer it: it is refused by name). Published ports need a network of the engine's own.
/// </summary>
internal static class PortRules
{
    public static IReadOnlyList<PortBinding> Validate(IReadOnlyList<string> publish, ValidationErrors errors)
    {
        var bindings = new List<PortBinding>();
        foreach (var text in publish)
        {
            if (Parse(text, out var binding, out var error)) bindings.Add(binding!);
            else errors.Add("publish", $"invalid -p {text}: {error}");
        }
        var duplicates = bindings.Where(b => b.HostPort != 0)
            .GroupBy(b => (b.HostIp, b.HostPort, b.Protocol)).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        foreach (var (ip, port, protocol) in duplicates)
            errors.Add("publish", $"host port {(ip.Length == 0 ? "" : ip + ":")}{port}/{protocol} is published twice");
        return bindings;
    }

    public static bool Parse(string text, out PortBinding? binding, out string? error)
    {
        binding = null;
        var spec = text.Trim();
        var protocol = "tcp";
        var slash = spec.LastIndexOf('/');
        if (slash >= 0)
        {
            protocol = spec[(slash + 1)..].ToLowerInvariant();
            spec = spec[..slash];
            if (protocol == "sctp") { error = "protocol sctp is not supported by this engine; use tcp or udp"; return false; }
            if (protocol is not ("tcp" or "udp")) { error = $"unknown protocol '{protocol}'; use tcp or udp"; return false; }
        }
        var hostIp = "";
        if (spec.StartsWith('['))
        {
            var close = spec.IndexOf(']');
            if (close < 0 || close + 1 >= spec.Length || spec[close + 1] != ':') { error = "an IPv6 host address is written [ADDRESS]:HOST_PORT:CONTAINER_PORT"; return false; }
            hostIp = spec[1..close];
            spec = spec[(close + 2)..];
            if (!IPAddress.TryParse(hostIp, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6) { error = $"'{hostIp}' is not an IPv6 address"; return false; }
            error = "IPv6 host addresses are not supported: this engine's networks are IPv4"; return false;
        }
        var parts = spec.Split(':');
        string hostPortText = "", containerPortText;
        switch (parts.Length)
        {
            case 1: containerPortText = parts[0]; break;
            case 2: hostPortText = parts[0]; containerPortText = parts[1]; break;
            case 3: hostIp = parts[0]; hostPortText = parts[1]; containerPortText = parts[2]; break;
            default: error = "expected [HOST_IP:][HOST_PORT:]CONTAINER_PORT[/PROTOCOL]"; return false;
        }
        if (hostIp.Length > 0 && !NetworkRules.IsIPv4(hostIp))
        {
            error = $"'{hostIp}' is not an IPv4 address"; return false;
        }
        if (containerPortText.Contains('-') || hostPortText.Contains('-')) { error = "port ranges are not supported; publish each port"; return false; }
        if (!TryPort(containerPortText, allowZero: false, out var containerPort)) { error = $"container port '{containerPortText}' must be a number from 1 to 65535"; return false; }
        var hostPort = 0;
        if (hostPortText.Length > 0 && !TryPort(hostPortText, allowZero: true, out hostPort)) { error = $"host port '{hostPortText}' must be a number from 1 to 65535 (or empty for a random one)"; return false; }
        binding = new PortBinding(hostIp == "0.0.0.0" ? "" : hostIp, hostPort, containerPort, protocol);
        error = null;
        return true;
    }

    /// <summary>--expose: CONTAINER_PORT[/PROTOCOL], as Docker's keys ("80/tcp"). Ranges are expanded by the docker CLI
    /// before they reach the API; here they are refused by name.</summary>
    public static IReadOnlyList<string> ValidateExpose(IReadOnlyList<string> expose, ValidationErrors errors)
    {
        var keys = new List<string>();
        foreach (var text in expose)
        {
            var spec = text.Trim();
            var protocol = "tcp";
            if (spec.LastIndexOf('/') is var slash and >= 0)
            {
                protocol = spec[(slash + 1)..].ToLowerInvariant();
                spec = spec[..slash];
            }
            if (protocol is not ("tcp" or "udp"))
                errors.Add("expose", $"invalid --expose {text}: protocol {protocol} is not supported; use tcp or udp");
            else if (spec.Contains('-'))
                errors.Add("expose", $"invalid --expose {text}: port ranges are not supported; expose each port");
            else if (!TryPort(spec, allowZero: false, out var port))
                errors.Add("expose", $"invalid --expose {text}: the port must be a number from 1 to 65535");
            else keys.Add($"{port}/{protocol}");
        }
        return keys;
    }

    /// <summary>Docker's Config.ExposedPorts: the exposed ports and every published one, each once, in order.</summary>
    public static IReadOnlyList<string> Exposed(IEnumerable<string> exposed, IEnumerable<PortBinding> published) =>
        exposed.Concat(published.Select(b => b.ContainerKey)).Distinct(StringComparer.Ordinal).ToList();

    private static bool TryPort(string text, bool allowZero, out int port) =>
        int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out port)
        && port <= 65535 && (port > 0 || allowZero);
}
