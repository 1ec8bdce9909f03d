namespace Dashboard.Engine.Inspection.Network;

/// <summary>
/// The host's end of a container's veth: the interface of the host's network namespace (the daemon's) whose index is the
/// container side's IFLA_LINK, and the bridge it is attached to, read from sysfs (<c>/sys/class/net/NAME/ifindex</c>
/// and the <c>master</c> link), as <c>ip link</c> shows "veth1234@if2 master dash0".
/// </summary>
internal sealed class HostLinks(string sysClassNet)
{
    public const string DefaultDirectory = "/sys/class/net";

    /// <summary>The interfaces with their host ends filled in; interfaces without a peer, or whose peer the host does not
    /// have (a peer in another container's namespace), stay as they are.</summary>
    public IReadOnlyList<NetInterface> Resolve(IReadOnlyList<NetInterface> interfaces)
    {
        if (!interfaces.Any(i => i.PeerIndex is not null)) return interfaces;
        var byIndex = Read();
        return interfaces.Select(i => i.PeerIndex is { } peer && byIndex.TryGetValue(peer, out var host)
            ? i with { PeerName = host.Name, PeerBridge = host.Bridge }
            : i).ToList();
    }

    private Dictionary<int, (string Name, string? Bridge)> Read()
    {
        var result = new Dictionary<int, (string, string?)>();
        if (!Directory.Exists(sysClassNet)) return result;
        foreach (var dir in Directory.EnumerateFileSystemEntries(sysClassNet))
        {
            var name = Path.GetFileName(dir);
            try
            {
                if (!int.TryParse(File.ReadAllText(Path.Combine(dir, "ifindex")).Trim(), System.Globalization.CultureInfo.InvariantCulture, out var index)) continue;
                var master = new FileInfo(Path.Combine(dir, "master")).LinkTarget;
                result[index] = (name, master is null ? null : Path.GetFileName(master));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException) { } // gone meanwhile
        }
        return result;
    }
}
