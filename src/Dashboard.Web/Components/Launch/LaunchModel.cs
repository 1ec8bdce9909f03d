namespace Dashboard.Web.Components.Launch;

/// <summary>What the launch form holds while someone types: plain strings, so that half-typed values survive
/// until <see cref="LaunchRequestMapper"/> turns them into a request for the validator.</summary>
public sealed class LaunchModel
{
    public string Image { get; set; } = "";
    public string Name { get; set; } = "";
    /// <summary>One line, split like a shell; blank means "the image's command".</summary>
    public string Command { get; set; } = "";
    public List<KeyValueRow> Env { get; } = [];
    public string Hostname { get; set; } = "";
    public string Cpus { get; set; } = "";
    public string Memory { get; set; } = "";
    public string MemoryUnit { get; set; } = "m";
    /// <summary>"-1" means unlimited swap.</summary>
    public string MemorySwap { get; set; } = "";
    public string MemorySwapUnit { get; set; } = "m";
    public long? PidsLimit { get; set; }
    /// <summary>no, on-failure, always, unless-stopped.</summary>
    public string RestartPolicy { get; set; } = "no";
    /// <summary>Only for on-failure; blank means "retry forever".</summary>
    public int? RestartRetries { get; set; }
    /// <summary>A network's name (<c>bridge</c>, the default, as in Docker; or a user network), none (its own namespace,
    /// loopback only), container (another container's, see <see cref="NetworkContainer"/>) or host.</summary>
    public string NetworkMode { get; set; } = "bridge";
    public string NetworkContainer { get; set; } = "";
    /// <summary>private, container or host.</summary>
    public string PidMode { get; set; } = "private";
    public string PidContainer { get; set; } = "";
    /// <summary>private, container or host.</summary>
    public string IpcMode { get; set; } = "private";
    public string IpcContainer { get; set; } = "";
    /// <summary>private or host.</summary>
    public string UtsMode { get; set; } = "private";
    /// <summary>Published ports (-p), one row each.</summary>
    public List<PortRow> Ports { get; } = [];
    public List<BindRow> Binds { get; } = [];
    public List<KeyValueRow> Labels { get; } = [];
    public string User { get; set; } = "";
    public string WorkingDir { get; set; } = "";
    public bool AutoRemove { get; set; }
}

public sealed class KeyValueRow
{
    public string Key { get; set; } = "";
    public string Value { get; set; } = "";
}

public sealed class BindRow
{
    public string HostPath { get; set; } = "";
    public string ContainerPath { get; set; } = "";
    public bool ReadOnly { get; set; }
}

/// <summary>One published port: host address (blank: every address), host port (blank: a random one), container port,
/// tcp or udp.</summary>
public sealed class PortRow
{
    public string HostIp { get; set; } = "";
    public string HostPort { get; set; } = "";
    public string ContainerPort { get; set; } = "";
    public string Protocol { get; set; } = "tcp";

    public bool IsBlank => HostIp.Trim().Length == 0 && HostPort.Trim().Length == 0 && ContainerPort.Trim().Length == 0;
}
