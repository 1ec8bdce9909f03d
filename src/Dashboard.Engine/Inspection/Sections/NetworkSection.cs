using Dashboard.Engine.Inspection.Entering;
using Dashboard.Engine.Inspection.Network;
using Dashboard.Engine.Inspection.Proc;

namespace Dashboard.Engine.Inspection.Sections;

/// <summary>
/// The container's network namespace: routes and listening sockets from /proc/PID/net (which already shows PID's
/// netns), socket owners from the container processes' fds, and interfaces from a netlink dump made inside the netns,
/// each veth with its host end and that end's bridge.
/// </summary>
internal sealed class NetworkSection(string procRoot, INamespaceEntry entry, Func<IReadOnlyList<NetInterface>> readInterfaces,
    string sysClassNet = HostLinks.DefaultDirectory)
{
    private static readonly string[] InetTables = ["tcp", "tcp6", "udp", "udp6"];

    /// <param name="pid">The container's init (host pid).</param>
    /// <param name="processes">The container's processes, init first: a socket is credited to the first holder.</param>
    public async Task<NetworkView> ReadAsync(int pid, IReadOnlyList<int> processes, WarningList warnings)
    {
        var net = Path.Combine(ProcFs.PidDir(procRoot, pid), "net");
        var routes = ProcNetParsers.Ipv4Routes(Read(net, "route", warnings))
            .Concat(ProcNetParsers.Ipv6Routes(Read(net, "ipv6_route", warnings, optional: true)))
            .ToList();
        var owners = SocketOwners.Read(procRoot, processes);
        var sockets = InetTables
            .SelectMany(table => ProcNetParsers.InetSockets(Read(net, table, warnings, optional: table.EndsWith('6')), table))
            .Concat(ProcNetParsers.UnixSockets(Read(net, "unix", warnings)))
            .Select(s => owners.TryGetValue(s.Inode, out var owner) ? s with { HostPid = owner } : s)
            .ToList();
        IReadOnlyList<NetInterface> interfaces = [];
        try
        {
            interfaces = await entry.RunAsync(pid, NamespaceType.Net, readInterfaces);
            // Back on a thread of the daemon's (the host's) namespace, where the veths' host ends are.
            interfaces = new HostLinks(sysClassNet).Resolve(interfaces);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            warnings.Add($"network: interfaces could not be listed: {ex.Message}");
        }
        return new NetworkView(interfaces, routes, sockets);
    }

    /// <summary>A missing IPv6 file only means the kernel has no IPv6; any other missing file is worth a warning.</summary>
    private static string? Read(string netDir, string file, WarningList warnings, bool optional = false)
    {
        var content = ProcFs.TryRead(Path.Combine(netDir, file));
        if (content is null && !optional) warnings.Add($"network: /proc/PID/net/{file} could not be read");
        return content;
    }
}
