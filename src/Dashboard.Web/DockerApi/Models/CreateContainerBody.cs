namespace Dashboard.Web.DockerApi.Models;

/// <summary>POST /containers/create: Docker's container.Config fields at the top level with HostConfig beside them.
/// Only what the engine understands is declared; the rest of the CLI's body is ignored.</summary>
public sealed class CreateContainerBody
{
    public string? Name { get; set; }
    public string? Hostname { get; set; }
    public string? User { get; set; }
    public bool Tty { get; set; }
    public List<string>? Env { get; set; }
    public List<string>? Cmd { get; set; }
    public List<string>? Entrypoint { get; set; }
    public string? Image { get; set; }
    public string? WorkingDir { get; set; }
    public Dictionary<string, string>? Labels { get; set; }
    public string? StopSignal { get; set; }
    public int? StopTimeout { get; set; }
    public HostConfigBody? HostConfig { get; set; }
}

public sealed class HostConfigBody
{
    public List<string>? Binds { get; set; }
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
    public LogConfigBody? LogConfig { get; set; }
}

/// <summary>--log-driver (Type) and --log-opt (Config).</summary>
public sealed class LogConfigBody
{
    public string? Type { get; set; }
    public Dictionary<string, string>? Config { get; set; }
}

public sealed class RestartPolicyBody
{
    public string? Name { get; set; }
    public int MaximumRetryCount { get; set; }
}

public sealed record CreateContainerResponse(string Id, IReadOnlyList<string> Warnings);
