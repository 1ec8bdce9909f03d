using System.Text.Json.Serialization;

namespace Dashboard.Web.DockerApi.Models;

public sealed record VersionResponse(
    PlatformModel Platform,
    IReadOnlyList<ComponentModel> Components,
    string Version,
    string ApiVersion,
    string MinAPIVersion,
    string GitCommit,
    string GoVersion,
    string Os,
    string Arch,
    string KernelVersion,
    string BuildTime,
    bool Experimental);

public sealed record PlatformModel(string Name);

public sealed record ComponentModel(string Name, string Version, IReadOnlyDictionary<string, string> Details);

/// <summary>The /info fields the CLI prints; Swarm.LocalNodeState must be "inactive" or it prints swarm details.</summary>
public sealed record InfoResponse
{
    public required string ID { get; init; }
    public int Containers { get; init; }
    public int ContainersRunning { get; init; }
    public int ContainersPaused { get; init; }
    public int ContainersStopped { get; init; }
    public int Images { get; init; }
    public string Driver { get; init; } = "overlay2";
    public IReadOnlyList<string[]> DriverStatus { get; init; } = [];
    public required object Plugins { get; init; }
    public bool MemoryLimit { get; init; } = true;
    public bool SwapLimit { get; init; } = true;
    public bool CpuCfsPeriod { get; init; } = true;
    public bool CpuCfsQuota { get; init; } = true;
    public bool CPUShares { get; init; } = true;
    public bool CPUSet { get; init; } = true;
    public bool PidsLimit { get; init; } = true;
    public bool OomKillDisable { get; init; }
    public bool IPv4Forwarding { get; init; }
    public bool Debug { get; init; }
    public int NFd { get; init; }
    public int NGoroutines { get; init; }
    public required string SystemTime { get; init; }
    public string LoggingDriver { get; init; } = "k8s-file";
    public string CgroupDriver { get; init; } = "cgroupfs";
    public required string CgroupVersion { get; init; }
    public int NEventsListener { get; init; }
    public required string KernelVersion { get; init; }
    public required string OperatingSystem { get; init; }
    public string OSVersion { get; init; } = "";
    public string OSType { get; init; } = "linux";
    public required string Architecture { get; init; }
    public string IndexServerAddress { get; init; } = "";
    public int NCPU { get; init; }
    public long MemTotal { get; init; }
    public required string DockerRootDir { get; init; }
    public required string Name { get; init; }
    public IReadOnlyList<string> Labels { get; init; } = [];
    public bool ExperimentalBuild { get; init; }
    public required string ServerVersion { get; init; }
    public required IReadOnlyDictionary<string, RuntimeModel> Runtimes { get; init; }
    public required string DefaultRuntime { get; init; }
    public SwarmModel Swarm { get; init; } = new();
    public bool LiveRestoreEnabled { get; init; } = true;
    public string Isolation { get; init; } = "";
    public string InitBinary { get; init; } = "";
    public IReadOnlyList<string> SecurityOptions { get; init; } = ["name=no-new-privileges"];
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

public sealed record RuntimeModel([property: JsonPropertyName("path")] string Path);

public sealed record SwarmModel
{
    public string NodeID { get; init; } = "";
    public string NodeAddr { get; init; } = "";
    public string LocalNodeState { get; init; } = "inactive";
    public bool ControlAvailable { get; init; }
    public string Error { get; init; } = "";
    public object? RemoteManagers { get; init; }
}
