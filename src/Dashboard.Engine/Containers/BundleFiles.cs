using Dashboard.Engine.Networking;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Containers;

/// <summary>
/// The per-container files that Docker bind-mounts over the image's own: /etc/hostname, /etc/hosts and
/// /etc/resolv.conf. They live in the container directory next to the rootfs so they vanish with it.
/// </summary>
internal static class BundleFiles
{
    /// <param name="hostname">The container's own hostname, or null when it shares the host's UTS namespace
    /// (see <see cref="ContainerHostname.For"/>).</param>
    /// <param name="network">What its networks gave it at this start; null without networks of the engine's.</param>
    public static IReadOnlyDictionary<string, string> Write(string containerDirectory, string? hostname, ContainerNetworkSetup? network = null)
    {
        hostname ??= Environment.MachineName;
        var files = new Dictionary<string, string>
        {
            ["/etc/hostname"] = Path.Combine(containerDirectory, "hostname"),
            ["/etc/hosts"] = Path.Combine(containerDirectory, "hosts"),
            ["/etc/resolv.conf"] = Path.Combine(containerDirectory, "resolv.conf"),
        };
        File.WriteAllText(files["/etc/hostname"], hostname + "\n");
        File.WriteAllText(files["/etc/hosts"], EtcFiles.Hosts(hostname, network?.Endpoints ?? []));
        var resolv = File.Exists("/etc/resolv.conf") ? File.ReadAllText("/etc/resolv.conf") : "";
        File.WriteAllText(files["/etc/resolv.conf"], network is null ? resolv : EtcFiles.ResolvConf(resolv, network.DnsServers));
        return files;
    }

    /// <summary>After a connect or disconnect: /etc/hosts and /etc/resolv.conf of a running container rewritten over the
    /// same files (a truncating write keeps the inode its bind mount shows).</summary>
    public static void RewriteNetworkFiles(string containerDirectory, string hostname, IReadOnlyList<ContainerEndpoint> endpoints,
        IReadOnlyList<string> dnsServers)
    {
        File.WriteAllText(Path.Combine(containerDirectory, "hosts"), EtcFiles.Hosts(hostname, endpoints));
        var resolv = File.Exists("/etc/resolv.conf") ? File.ReadAllText("/etc/resolv.conf") : "";
        File.WriteAllText(Path.Combine(containerDirectory, "resolv.conf"), EtcFiles.ResolvConf(resolv, dnsServers));
    }
}
