namespace Dashboard.Web.DockerApi.Models;

/// <summary>POST /containers/create: Docker's container.Config fields at the top level with HostConfig beside them.
/// Only what the engine implements is declared; <see cref="CreateBodyCheck"/> refuses every other field that is not
/// at its default, so nothing is silently ignored.</summary>
public sealed class CreateContainerBody
{
    public string? Name { get; set; }
    public string? Hostname { get; set; }
    public string? User { get; set; }
    public bool Tty { get; set; }
    public bool OpenStdin { get; set; }
    public bool StdinOnce { get; set; }
    public bool AttachStdin { get; set; }
    public List<string>? Env { get; set; }
    public List<string>? Cmd { get; set; }
    public List<string>? Entrypoint { get; set; }
    public string? Image { get; set; }
    public string? WorkingDir { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public string? StopSignal { get; set; }
    public int? StopTimeout { get; set; }
    /// <summary>Container paths that get anonymous volumes (the docker CLI's -v /path); the values are always {}.</summary>
    public Dictionary<string, System.Text.Json.JsonElement>? Volumes { get; set; }
    /// <summary>{"80/tcp": {}}: --expose, the ports -p publishes.</summary>
    public Dictionary<string, System.Text.Json.JsonElement?>? ExposedPorts { get; set; }
    public HostConfigBody? HostConfig { get; set; }
    public NetworkingConfigBody? NetworkingConfig { get; set; }
}

/// <summary>NetworkingConfig: per network, --ip (IPAMConfig.IPv4Address) and --network-alias (Aliases).</summary>
public sealed class NetworkingConfigBody
{
    public Dictionary<string, EndpointSettingsBody?>? EndpointsConfig { get; set; }
}

public sealed class EndpointSettingsBody
{
    public EndpointIpamBody? IPAMConfig { get; set; }
    public List<string>? Aliases { get; set; }
}

public sealed class EndpointIpamBody
{
    public string? IPv4Address { get; set; }
}

/// <summary>One host side of a published port: HostIp "" is every address, HostPort "" a random port.</summary>
public sealed class PortBindingBody
{
    public string? HostIp { get; set; }
    public string? HostPort { get; set; }
}

public sealed class HostConfigBody
{
    public List<string>? Binds { get; set; }
    /// <summary>[height, width] of the terminal of a -t container.</summary>
    public List<int>? ConsoleSize { get; set; }
    public string? NetworkMode { get; set; }
    public string? PidMode { get; set; }
    public string? IpcMode { get; set; }
    public string? UTSMode { get; set; }
    public RestartPolicyBody? RestartPolicy { get; set; }
    public bool AutoRemove { get; set; }
    public long CpuShares { get; set; }
    public long Memory { get; set; }
    public long NanoCpus { get; set; }
    public long CpuPeriod { get; set; }
    public long CpuQuota { get; set; }
    public string? CpusetCpus { get; set; }
    public long MemorySwap { get; set; }
    public long? PidsLimit { get; set; }
    public string? CpusetMems { get; set; }
    public int BlkioWeight { get; set; }
    public bool Privileged { get; set; }
    public List<string>? CapAdd { get; set; }
    public List<string>? CapDrop { get; set; }
    public bool ReadonlyRootfs { get; set; }
    public List<string>? SecurityOpt { get; set; }
    public List<UlimitBody>? Ulimits { get; set; }
    public Dictionary<string, string>? Tmpfs { get; set; }
    public List<MountBody>? Mounts { get; set; }
    public List<DeviceMappingBody>? Devices { get; set; }
    public Dictionary<string, string>? Sysctls { get; set; }
    public long ShmSize { get; set; }
    public List<string>? GroupAdd { get; set; }
    public bool? Init { get; set; }
    public int OomScoreAdj { get; set; }
    public LogConfigBody? LogConfig { get; set; }
    /// <summary>-p: "80/tcp" → the host sides.</summary>
    public Dictionary<string, List<PortBindingBody?>?>? PortBindings { get; set; }
    /// <summary>-P.</summary>
    public bool PublishAllPorts { get; set; }
}

/// <summary>--log-driver (Type) and --log-opt (Config).</summary>
public sealed class LogConfigBody
{
    public string? Type { get; set; }
    public Dictionary<string, string>? Config { get; set; }
}

public sealed class UlimitBody
{
    public string? Name { get; set; }
    public long Soft { get; set; }
    public long Hard { get; set; }
}

public sealed class DeviceMappingBody
{
    public string? PathOnHost { get; set; }
    public string? PathInContainer { get; set; }
    public string? CgroupPermissions { get; set; }
}

/// <summary>moby's mount.Mount.</summary>
public sealed class MountBody
{
    public string? Type { get; set; }
    public string? Source { get; set; }
    public string? Target { get; set; }
    public bool ReadOnly { get; set; }
    public string? Consistency { get; set; }
    public BindOptionsBody? BindOptions { get; set; }
    public System.Text.Json.JsonElement? VolumeOptions { get; set; }
    public System.Text.Json.JsonElement? ImageOptions { get; set; }
    public TmpfsOptionsBody? TmpfsOptions { get; set; }
    public System.Text.Json.JsonElement? ClusterOptions { get; set; }
}

public sealed class BindOptionsBody
{
    public string? Propagation { get; set; }
    public bool NonRecursive { get; set; }
    public bool CreateMountpoint { get; set; }
    public bool ReadOnlyNonRecursive { get; set; }
    public bool ReadOnlyForceRecursive { get; set; }
}

public sealed class TmpfsOptionsBody
{
    public long SizeBytes { get; set; }
    /// <summary>os.FileMode: the permission bits as a number (the CLI's tmpfs-mode=1770 is octal 1770).</summary>
    public uint Mode { get; set; }
    /// <summary>Extra flags as [["exec"]]; refused (not supported yet).</summary>
    public List<List<string>>? Options { get; set; }
}

public sealed class RestartPolicyBody
{
    public string? Name { get; set; }
    public int MaximumRetryCount { get; set; }
}

public sealed record CreateContainerResponse(string Id, IReadOnlyList<string> Warnings);
