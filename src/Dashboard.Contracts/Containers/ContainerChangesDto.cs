namespace Dashboard.Contracts.Containers;

/// <summary>
/// One message of the hub's WatchContainers stream. The first message (and one after the server fell behind)
/// carries Snapshot: the full list, replacing whatever the client had. Later messages carry the changes of about
/// 100 ms, in order.
/// </summary>
public sealed record ContainerChangesDto
{
    public ContainerSummaryDto[]? Snapshot { get; init; }
    public ContainerChangeDto[] Changes { get; init; } = [];
}

/// <summary>Kind is "added", "updated" or "removed"; Container is its state after the change (before, when removed).</summary>
public sealed record ContainerChangeDto
{
    public string Kind { get; init; } = "";
    public ContainerSummaryDto Container { get; init; } = null!;
}

/// <summary>POST /api/containers/{ref}/limits: null fields keep their value; strings as at create ("0.5", "300m").</summary>
public sealed record LimitsUpdateDto
{
    public string? Cpus { get; init; }
    public long? CpuPeriod { get; init; }
    public long? CpuQuota { get; init; }
    public long? CpuShares { get; init; }
    public string? CpusetCpus { get; init; }
    public string? Memory { get; init; }
    public string? MemorySwap { get; init; }
    public long? PidsLimit { get; init; }
}
