using System.Text.Json.Serialization;

namespace Dashboard.Web.DockerApi.Models;

// moby's api/types/container StatsResponse, field for field. Go's omitempty drops zero numbers, nil maps and nil
// slices but never structs; WhenWritingDefault / WhenWritingNull reproduce that.

public sealed record StatsResponseModel
{
    [JsonPropertyName("read")] public string Read { get; init; } = DockerTime.Zero;
    [JsonPropertyName("preread")] public string PreRead { get; init; } = DockerTime.Zero;
    [JsonPropertyName("pids_stats")] public PidsStatsModel PidsStats { get; init; } = new();
    [JsonPropertyName("blkio_stats")] public BlkioStatsModel BlkioStats { get; init; } = new();
    [JsonPropertyName("num_procs")] public uint NumProcs { get; init; }
    [JsonPropertyName("storage_stats")] public StorageStatsModel StorageStats { get; init; } = new();
    [JsonPropertyName("cpu_stats")] public CpuStatsModel CpuStats { get; init; } = new();
    [JsonPropertyName("precpu_stats")] public CpuStatsModel PreCpuStats { get; init; } = new();
    [JsonPropertyName("memory_stats")] public MemoryStatsModel MemoryStats { get; init; } = new();
    [JsonPropertyName("name"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Name { get; init; }
    [JsonPropertyName("id"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Id { get; init; }
    [JsonPropertyName("networks"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, NetworkStatsModel>? Networks { get; init; }
}

public sealed record PidsStatsModel
{
    [JsonPropertyName("current"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Current { get; init; }
    [JsonPropertyName("limit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Limit { get; init; }
}

public sealed record BlkioStatEntryModel(
    [property: JsonPropertyName("major")] ulong Major,
    [property: JsonPropertyName("minor")] ulong Minor,
    [property: JsonPropertyName("op")] string Op,
    [property: JsonPropertyName("value")] ulong Value);

/// <summary>Only the two lists we can fill; the others are nil in moby on cgroup v2 too (null on the wire).</summary>
public sealed record BlkioStatsModel
{
    [JsonPropertyName("io_service_bytes_recursive")] public IReadOnlyList<BlkioStatEntryModel>? IoServiceBytesRecursive { get; init; }
    [JsonPropertyName("io_serviced_recursive")] public IReadOnlyList<BlkioStatEntryModel>? IoServicedRecursive { get; init; }
    [JsonPropertyName("io_queue_recursive")] public IReadOnlyList<BlkioStatEntryModel>? IoQueueRecursive { get; init; }
    [JsonPropertyName("io_service_time_recursive")] public IReadOnlyList<BlkioStatEntryModel>? IoServiceTimeRecursive { get; init; }
    [JsonPropertyName("io_wait_time_recursive")] public IReadOnlyList<BlkioStatEntryModel>? IoWaitTimeRecursive { get; init; }
    [JsonPropertyName("io_merged_recursive")] public IReadOnlyList<BlkioStatEntryModel>? IoMergedRecursive { get; init; }
    [JsonPropertyName("io_time_recursive")] public IReadOnlyList<BlkioStatEntryModel>? IoTimeRecursive { get; init; }
    [JsonPropertyName("sectors_recursive")] public IReadOnlyList<BlkioStatEntryModel>? SectorsRecursive { get; init; }
}

/// <summary>Windows-only counters in moby; always empty on Linux.</summary>
public sealed record StorageStatsModel;

public sealed record CpuUsageModel
{
    [JsonPropertyName("total_usage")] public ulong TotalUsage { get; init; }
    [JsonPropertyName("percpu_usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<ulong>? PercpuUsage { get; init; }
    [JsonPropertyName("usage_in_kernelmode")] public ulong UsageInKernelmode { get; init; }
    [JsonPropertyName("usage_in_usermode")] public ulong UsageInUsermode { get; init; }
}

public sealed record ThrottlingDataModel
{
    [JsonPropertyName("periods")] public ulong Periods { get; init; }
    [JsonPropertyName("throttled_periods")] public ulong ThrottledPeriods { get; init; }
    [JsonPropertyName("throttled_time")] public ulong ThrottledTime { get; init; }
}

public sealed record CpuStatsModel
{
    [JsonPropertyName("cpu_usage")] public CpuUsageModel CpuUsage { get; init; } = new();
    [JsonPropertyName("system_cpu_usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong SystemCpuUsage { get; init; }
    [JsonPropertyName("online_cpus"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public uint OnlineCpus { get; init; }
    [JsonPropertyName("throttling_data")] public ThrottlingDataModel ThrottlingData { get; init; } = new();
}

public sealed record MemoryStatsModel
{
    [JsonPropertyName("usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Usage { get; init; }
    [JsonPropertyName("max_usage"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong MaxUsage { get; init; }
    [JsonPropertyName("stats"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, ulong>? Stats { get; init; }
    [JsonPropertyName("failcnt"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Failcnt { get; init; }
    [JsonPropertyName("limit"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] public ulong Limit { get; init; }
}

public sealed record NetworkStatsModel(
    [property: JsonPropertyName("rx_bytes")] ulong RxBytes,
    [property: JsonPropertyName("rx_packets")] ulong RxPackets,
    [property: JsonPropertyName("rx_errors")] ulong RxErrors,
    [property: JsonPropertyName("rx_dropped")] ulong RxDropped,
    [property: JsonPropertyName("tx_bytes")] ulong TxBytes,
    [property: JsonPropertyName("tx_packets")] ulong TxPackets,
    [property: JsonPropertyName("tx_errors")] ulong TxErrors,
    [property: JsonPropertyName("tx_dropped")] ulong TxDropped);
