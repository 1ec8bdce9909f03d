using Dashboard.Engine.Configuration;

namespace Dashboard.Engine.Spec;

/// <summary>What the host offers, for the validator's range checks (docker rejects --cpus above the host's CPUs),
/// and the engine's policy defaults the validator applies. Init members default to a plain host without AppArmor,
/// SELinux, blkio weights or an init binary, so that a check never passes by accident.</summary>
/// <param name="CpuCount">Online CPUs; --cpus may be at most this and --cpuset-cpus may name 0..CpuCount-1.</param>
/// <param name="MemoryBytes">Physical memory; informational (Docker does not refuse a limit above it).</param>
public sealed record HostLimits(int CpuCount, long MemoryBytes)
{
    /// <summary>Whether the kernel accounts swap (cgroup v1 memory.memsw.*, v2 memory.swap.max). Without it a
    /// --memory-swap value is dropped, as Docker does with a warning.</summary>
    public bool SwapLimitSupported { get; init; } = true;

    /// <summary>Engine:DefaultPidsLimit, given to a new container that asks for no pids limit; 0 means none.</summary>
    public long DefaultPidsLimit { get; init; }

    /// <summary>NUMA memory nodes --cpuset-mems may name (/sys/devices/system/node/online).</summary>
    public string MemoryNodes { get; init; } = "0";

    /// <summary>Whether the cgroup has a block I/O weight file (v1 blkio.weight or blkio.bfq.weight, v2 io.weight or
    /// io.bfq.weight); without one --blkio-weight is refused (Docker drops it with a warning).</summary>
    public bool BlkioWeightSupported { get; init; }

    /// <summary>Whether AppArmor is enabled (/sys/module/apparmor/parameters/enabled is Y).</summary>
    public bool AppArmorEnabled { get; init; }

    /// <summary>Whether SELinux is enabled (/sys/fs/selinux is mounted).</summary>
    public bool SelinuxEnabled { get; init; }

    /// <summary>The init binary --init mounts at /sbin/docker-init (tini-static), or null when the host has none.</summary>
    public string? InitPath { get; init; }

    /// <summary>The daemon's own hard rlimits by Docker's ulimit name ("nofile"); a null value is unlimited and a
    /// missing name is not checked. runc cannot give a container more than the daemon has.</summary>
    public IReadOnlyDictionary<string, ulong?> HardRlimits { get; init; } = new Dictionary<string, ulong?>();

    /// <summary>The capabilities this kernel knows (up to /proc/sys/kernel/cap_last_cap): --privileged and
    /// --cap-add ALL give these.</summary>
    public IReadOnlyList<string> Capabilities { get; init; } = CapabilityNames.All;

    /// <summary>The lowest --oom-score-adj the daemon can set: its own value when it lacks CAP_SYS_RESOURCE, which
    /// lowering needs; null means any.</summary>
    public int? MinOomScoreAdj { get; init; }

    public static HostLimits From(HostInfo host) => new(host.CpuCount, host.MemoryBytes);
}
