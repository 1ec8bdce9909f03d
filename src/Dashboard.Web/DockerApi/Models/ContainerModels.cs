namespace Dashboard.Web.DockerApi.Models;

/// <summary>GET /containers/{id}/json, in moby's ContainerInspectResponse names.</summary>
public sealed record ContainerInspect(
    string Id,
    string Created,
    string Path,
    IReadOnlyList<string> Args,
    ContainerStateModel State,
    string Image,
    string ResolvConfPath,
    string HostnamePath,
    string HostsPath,
    string LogPath,
    string Name,
    int RestartCount,
    string Driver,
    string Platform,
    string MountLabel,
    string ProcessLabel,
    string AppArmorProfile,
    IReadOnlyList<string>? ExecIDs,
    HostConfigModel HostConfig,
    GraphDriverModel GraphDriver,
    IReadOnlyList<MountModel> Mounts,
    ContainerConfigModel Config,
    NetworkSettingsModel NetworkSettings)
{
    /// <summary>Only with ?size=1 (docker ps -s, inspect --size): the bytes the container wrote.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? SizeRw { get; init; }

    /// <summary>Only with ?size=1: those bytes plus its image's.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? SizeRootFs { get; init; }
}

public sealed record ContainerStateModel(
    string Status, bool Running, bool Paused, bool Restarting, bool OOMKilled, bool Dead,
    int Pid, int ExitCode, string Error, string StartedAt, string FinishedAt);

public sealed record RestartPolicyModel(string Name, int MaximumRetryCount);

public sealed record HostConfigModel(
    IReadOnlyList<string>? Binds,
    string NetworkMode,
    string PidMode,
    string IpcMode,
    string UTSMode,
    RestartPolicyModel RestartPolicy,
    bool AutoRemove,
    long CpuShares,
    long Memory,
    long NanoCpus,
    long CpuPeriod,
    long CpuQuota,
    string CpusetCpus,
    long MemorySwap,
    long? PidsLimit,
    LogConfigModel LogConfig,
    IReadOnlyList<string>? CapAdd,
    IReadOnlyList<string>? CapDrop,
    bool Privileged,
    bool ReadonlyRootfs,
    IReadOnlyList<int> ConsoleSize,
    IReadOnlyList<string>? SecurityOpt = null,
    IReadOnlyList<UlimitModel>? Ulimits = null,
    IReadOnlyDictionary<string, string>? Tmpfs = null,
    IReadOnlyList<HostMountModel>? Mounts = null,
    IReadOnlyList<DeviceMappingModel>? Devices = null,
    IReadOnlyDictionary<string, string>? Sysctls = null,
    long ShmSize = 0,
    IReadOnlyList<string>? GroupAdd = null,
    bool? Init = null,
    int OomScoreAdj = 0,
    string CpusetMems = "",
    int BlkioWeight = 0,
    IReadOnlyDictionary<string, IReadOnlyList<PortBindingModel>>? PortBindings = null,
    bool PublishAllPorts = false);

public sealed record UlimitModel(string Name, long Hard, long Soft);

public sealed record DeviceMappingModel(string PathOnHost, string PathInContainer, string CgroupPermissions);

/// <summary>HostConfig.Mounts as Docker echoes them (mount.Mount).</summary>
public sealed record HostMountModel(string Type, string? Source, string Target, bool ReadOnly, BindOptionsModel? BindOptions, TmpfsOptionsModel? TmpfsOptions)
{
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public VolumeOptionsModel? VolumeOptions { get; init; }
}

public sealed record VolumeOptionsModel(bool NoCopy, IReadOnlyDictionary<string, string>? Labels);

public sealed record BindOptionsModel(string? Propagation, bool NonRecursive, bool CreateMountpoint);

public sealed record TmpfsOptionsModel(long SizeBytes, uint Mode);

/// <summary>HostConfig.LogConfig: the driver and the limits that apply to the container's next run.</summary>
public sealed record LogConfigModel(string Type, IReadOnlyDictionary<string, string> Config);

public sealed record GraphDriverModel(string Name, IReadOnlyDictionary<string, string> Data);

public sealed record MountModel(string Type, string Source, string Destination, string Mode, bool RW, string Propagation)
{
    /// <summary>The volume's name (type volume only, as moby omits it for the others).</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Name { get; init; }
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Driver { get; init; }
}

public sealed record ContainerConfigModel(
    string Hostname,
    string Domainname,
    string User,
    bool AttachStdin,
    bool AttachStdout,
    bool AttachStderr,
    bool Tty,
    bool OpenStdin,
    bool StdinOnce,
    IReadOnlyList<string> Env,
    IReadOnlyList<string>? Cmd,
    string Image,
    IReadOnlyDictionary<string, object>? Volumes,
    string WorkingDir,
    IReadOnlyList<string>? Entrypoint,
    IReadOnlyDictionary<string, string> Labels,
    string? StopSignal,
    int? StopTimeout,
    IReadOnlyDictionary<string, object>? ExposedPorts = null);

/// <summary>NetworkSettings: the first network's address at the top level (Docker's legacy fields), every network in
/// <see cref="Networks"/>, published ports as "80/tcp" → [{HostIp, HostPort}] (what docker port reads).</summary>
public sealed record NetworkSettingsModel(
    IReadOnlyDictionary<string, EndpointModel> Networks,
    IReadOnlyDictionary<string, IReadOnlyList<PortBindingModel>?> Ports,
    string IPAddress = "",
    int IPPrefixLen = 0,
    string Gateway = "",
    string MacAddress = "",
    string SandboxKey = "",
    string Bridge = "",
    string SandboxID = "",
    bool HairpinMode = false,
    string LinkLocalIPv6Address = "",
    int LinkLocalIPv6PrefixLen = 0,
    string EndpointID = "",
    string GlobalIPv6Address = "",
    int GlobalIPv6PrefixLen = 0,
    string IPv6Gateway = "");

/// <summary>One network of a container (moby's EndpointSettings).</summary>
public sealed record EndpointModel(
    EndpointIpamModel? IPAMConfig,
    IReadOnlyList<string>? Links,
    IReadOnlyList<string>? Aliases,
    string NetworkID,
    string EndpointID,
    string Gateway,
    string IPAddress,
    int IPPrefixLen,
    string IPv6Gateway,
    string GlobalIPv6Address,
    int GlobalIPv6PrefixLen,
    string MacAddress,
    IReadOnlyDictionary<string, string>? DriverOpts);

public sealed record EndpointIpamModel(string? IPv4Address);

public sealed record PortBindingModel(string HostIp, string HostPort);

/// <summary>An item of a list entry's Ports.</summary>
public sealed record PortSummaryModel(string? IP, int PrivatePort, int? PublicPort, string Type);

/// <summary>GET /containers/json items.</summary>
public sealed record ContainerSummary(
    string Id,
    IReadOnlyList<string> Names,
    string Image,
    string ImageID,
    string Command,
    long Created,
    IReadOnlyList<PortSummaryModel> Ports,
    IReadOnlyDictionary<string, string> Labels,
    string State,
    string Status,
    SummaryHostConfig HostConfig,
    NetworkSettingsModel NetworkSettings,
    IReadOnlyList<MountModel> Mounts)
{
    /// <summary>Only with ?size=1 (docker ps -s, inspect --size): the bytes the container wrote.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? SizeRw { get; init; }

    /// <summary>Only with ?size=1: those bytes plus its image's.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public long? SizeRootFs { get; init; }
}

public sealed record SummaryHostConfig(string NetworkMode);

public sealed record WaitResponse(int StatusCode, WaitError? Error);

public sealed record WaitError(string Message);

/// <summary>POST /containers/prune.</summary>
public sealed record ContainerPruneResponse(IReadOnlyList<string> ContainersDeleted, long SpaceReclaimed);

/// <summary>GET /containers/{id}/changes items.</summary>
public sealed record FileChangeModel(string Path, int Kind);
