using Dashboard.Engine.Hosting;

namespace Dashboard.Engine.Spec;

/// <summary>What the host offers, for the validator's range checks (docker rejects --cpus above the host's CPUs).</summary>
/// <param name="CpuCount">Online CPUs; --cpus may be at most this and --cpuset-cpus may name 0..CpuCount-1.</param>
/// <param name="MemoryBytes">Physical memory; informational (Docker does not refuse a limit above it).</param>
public sealed record HostLimits(int CpuCount, long MemoryBytes)
{
    /// <summary>Whether the kernel accounts swap (cgroup v1 memory.memsw.*, v2 memory.swap.max). Without it a
    /// --memory-swap value is dropped, as Docker does with a warning.</summary>
    public bool SwapLimitSupported { get; init; } = true;

    public static HostLimits From(HostInfo host) => new(host.CpuCount, host.MemoryBytes);
}
