using System.Globalization;
using Dashboard.Engine.Spec;

namespace Dashboard.Engine.Containers;

/// <summary>A live change of limits and of the restart policy (docker update). Null fields keep their current value;
/// strings take the same forms as at create ("0.5", "300m", "on-failure:3").</summary>
public sealed record LimitsUpdate
{
    public string? Cpus { get; init; }
    public long? CpuPeriod { get; init; }
    public long? CpuQuota { get; init; }
    public long? CpuShares { get; init; }
    public string? CpusetCpus { get; init; }
    public string? Memory { get; init; }
    public string? MemorySwap { get; init; }
    public long? PidsLimit { get; init; }
    /// <summary>docker update --restart: applies from the container's next exit.</summary>
    public string? RestartPolicy { get; init; }

    /// <summary>Whether any resource limit changes (a restart policy alone asks nothing of the runtime).</summary>
    public bool ChangesResources => (this with { RestartPolicy = null }) != new LimitsUpdate();

    public bool IsEmpty => this == new LimitsUpdate();

    /// <summary>The request the validator checks: the current limits with this update laid over them.</summary>
    public CreateContainerRequest MergeInto(ContainerConfig config)
    {
        var current = config.Resources;
        var cpuSet = Cpus is not null || CpuPeriod is not null || CpuQuota is not null;
        return new CreateContainerRequest
        {
            Image = config.Image,
            Cpus = cpuSet ? Cpus : current.NanoCpus is { } nano ? (nano / 1e9).ToString(CultureInfo.InvariantCulture) : null,
            CpuPeriod = cpuSet ? CpuPeriod : current.NanoCpus is null ? current.CpuPeriod : null,
            CpuQuota = cpuSet ? CpuQuota : current.NanoCpus is null ? current.CpuQuota : null,
            CpuShares = CpuShares ?? current.CpuShares,
            CpusetCpus = CpusetCpus ?? current.CpusetCpus,
            Memory = Memory ?? current.MemoryBytes?.ToString(CultureInfo.InvariantCulture),
            // A new memory limit without a new swap limit gets Docker's default swap again (twice the memory).
            MemorySwap = MemorySwap ?? (Memory is null ? current.MemorySwapBytes?.ToString(CultureInfo.InvariantCulture) : null),
            // null is "unlimited" here: ValidateLimits applies no default, so a container stays as it was created.
            PidsLimit = PidsLimit ?? current.PidsLimit,
            CpusetMems = current.CpusetMems,
            BlkioWeight = current.BlkioWeight,
            RestartPolicy = RestartPolicy,
            AutoRemove = config.AutoRemove,
        };
    }
}
