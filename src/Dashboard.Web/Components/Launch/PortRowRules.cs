using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Dashboard.Engine;

namespace Dashboard.Web.Components.Launch;

/// <summary>
/// Checks each row of the ports editor at its own field (<c>port-N-hostip</c>, <c>port-N-host</c>, <c>port-N-container</c>,
/// <c>port-N-protocol</c>), so a person sees which box is wrong; the engine's -p rules (<c>publish</c>) still run on the
/// result. Two rows may not take the same host port and protocol on overlapping addresses (the same address, or either
/// one on every address): the second could never bind.
/// </summary>
public static class PortRowRules
{
    public static IReadOnlyList<FieldError> Check(IReadOnlyList<PortRow> rows)
    {
        var errors = new List<FieldError>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row.IsBlank) continue;
            var ip = row.HostIp.Trim();
            if (ip.Length > 0)
            {
                if (!IPAddress.TryParse(ip, out var address) || (address.AddressFamily == AddressFamily.InterNetwork && ip.Count(c => c == '.') != 3))
                    errors.Add(new FieldError(Field(i, "hostip"), $"'{ip}' is not an IP address (e.g. 127.0.0.1; empty for every address)"));
                else if (address.AddressFamily != AddressFamily.InterNetwork)
                    errors.Add(new FieldError(Field(i, "hostip"), "IPv6 host addresses are not supported: this engine's networks are IPv4"));
            }
            var host = row.HostPort.Trim();
            if (host.Length > 0 && !IsPort(host))
                errors.Add(new FieldError(Field(i, "host"), $"host port '{host}' must be a number from 1 to 65535 (empty for a random one)"));
            var container = row.ContainerPort.Trim();
            if (container.Length == 0)
                errors.Add(new FieldError(Field(i, "container"), "the container port is required"));
            else if (!IsPort(container))
                errors.Add(new FieldError(Field(i, "container"), $"container port '{container}' must be a number from 1 to 65535"));
            if (row.Protocol is not ("tcp" or "udp"))
                errors.Add(new FieldError(Field(i, "protocol"), $"protocol '{row.Protocol}' is not supported: use tcp or udp"));
            if (host.Length > 0 && IsPort(host) && Earlier(rows, i) is { } other)
                errors.Add(new FieldError(Field(i, "host"), $"host port {host}/{row.Protocol} is already published by row {other + 1}"));
        }
        return errors;
    }

    public static string Field(int row, string part) => $"port-{row}-{part}";

    /// <summary>The row a field of <see cref="Field"/> names; -1 for any other field.</summary>
    public static int RowOf(string field) =>
        field.StartsWith("port-", StringComparison.Ordinal) && field.Split('-') is [_, var n, _] && int.TryParse(n, CultureInfo.InvariantCulture, out var row) ? row : -1;

    /// <summary>The first row before <paramref name="index"/> that takes the same host port, protocol and address.</summary>
    private static int? Earlier(IReadOnlyList<PortRow> rows, int index)
    {
        var row = rows[index];
        for (var j = 0; j < index; j++)
        {
            var other = rows[j];
            if (other.IsBlank || other.Protocol != row.Protocol || other.HostPort.Trim() != row.HostPort.Trim()) continue;
            if (AnyAddress(other.HostIp) || AnyAddress(row.HostIp) || other.HostIp.Trim() == row.HostIp.Trim()) return j;
        }
        return null;
    }

    private static bool AnyAddress(string ip) => ip.Trim() is "" or "0.0.0.0";

    private static bool IsPort(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var port) && port is >= 1 and <= 65535;
}
