namespace Dashboard.Engine.Spec;

/// <summary>Which hostname a container has, by Docker's rules. Pure.</summary>
public static class ContainerHostname
{
    /// <summary>True when the container has no UTS namespace of its own: --uts host, or --network host (whose
    /// containers see the host's name too).</summary>
    public static bool SharesHostUts(ContainerConfig config) => config.UtsMode.IsHost || config.NetworkMode.IsHost;

    /// <summary>
    /// The hostname to set in the container's own UTS namespace, or null when it shares the host's. A container on
    /// another container's network takes that container's hostname (moby initializeNetworking); otherwise --hostname,
    /// else the short id.
    /// </summary>
    public static string? For(ContainerConfig config, string containerId, string? networkTargetHostname)
    {
        if (SharesHostUts(config)) return null;
        if (config.NetworkMode.IsContainer && networkTargetHostname is not null) return networkTargetHostname;
        return config.Hostname ?? containerId[..Math.Min(12, containerId.Length)];
    }
}
