namespace Dashboard.Engine.Cgroups;

/// <summary>
/// The names of the kernel's cgroup files, v1 and v2. This folder is the only code that knows them: limits, stats, the
/// OOM counter and the OOM event source are read here (<see cref="ContainerCgroup"/>, <see cref="CgroupStatFiles"/>,
/// <see cref="CgroupOomEvents"/>), everything else asks for what it means.
/// </summary>
internal static class CgroupFiles
{
    /// <summary>The pids in a cgroup, one per line (v1 and v2).</summary>
    public const string Procs = "cgroup.procs";

    /// <summary>The controllers a v2 cgroup offers its children, space separated.</summary>
    public const string Controllers = "cgroup.controllers";

    public const string PidsMax = "pids.max";
    public const string PidsCurrent = "pids.current";
    public const string CpuStat = "cpu.stat";
    public const string CpusetCpus = "cpuset.cpus";
    public const string CpusetMems = "cpuset.mems";
    public const string MemoryStat = "memory.stat";

    /// <summary>cgroup v1 (and the v1 hierarchies of a hybrid host).</summary>
    public static class V1
    {
        public const string CpuQuota = "cpu.cfs_quota_us";
        public const string CpuPeriod = "cpu.cfs_period_us";
        public const string CpuShares = "cpu.shares";
        public const string CpuacctUsage = "cpuacct.usage";
        public const string CpuacctStat = "cpuacct.stat";
        public const string CpuacctUsagePerCpu = "cpuacct.usage_percpu";
        public const string MemoryLimit = "memory.limit_in_bytes";
        public const string MemorySoftLimit = "memory.soft_limit_in_bytes";
        public const string MemorySwapLimit = "memory.memsw.limit_in_bytes";
        public const string MemoryUsage = "memory.usage_in_bytes";
        public const string MemoryMaxUsage = "memory.max_usage_in_bytes";
        public const string MemorySwapUsage = "memory.memsw.usage_in_bytes";
        /// <summary>under_oom and, since 4.13, the oom_kill counter; an eventfd registered on it fires on OOM.</summary>
        public const string OomControl = "memory.oom_control";
        /// <summary>Where "EVENTFD FD" registers an eventfd for notifications of the file FD (cgroup-v1/memory.txt §9).</summary>
        public const string EventControl = "cgroup.event_control";
        public const string BlkioWeight = "blkio.weight";
        public const string BlkioBfqWeight = "blkio.bfq.weight";
        public const string BlkioServiceBytes = "blkio.throttle.io_service_bytes";
        public const string BlkioServiceBytesRecursive = "blkio.throttle.io_service_bytes_recursive";
        public const string BlkioServiced = "blkio.throttle.io_serviced";
        public const string BlkioServicedRecursive = "blkio.throttle.io_serviced_recursive";
        public const string FreezerState = "freezer.state";
    }

    /// <summary>cgroup v2 (the unified hierarchy).</summary>
    public static class V2
    {
        public const string CpuMax = "cpu.max";
        public const string CpuWeight = "cpu.weight";
        public const string CpusetCpusEffective = "cpuset.cpus.effective";
        public const string MemoryMax = "memory.max";
        public const string MemoryHigh = "memory.high";
        public const string MemoryLow = "memory.low";
        public const string MemoryMin = "memory.min";
        public const string MemorySwapMax = "memory.swap.max";
        public const string MemoryCurrent = "memory.current";
        public const string MemoryPeak = "memory.peak";
        public const string MemorySwapCurrent = "memory.swap.current";
        /// <summary>Counters (oom, oom_kill, ...); the kernel modifies the file, and notifies inotify, when one changes.</summary>
        public const string MemoryEvents = "memory.events";
        public const string IoStat = "io.stat";
        public const string IoMax = "io.max";
        public const string IoWeight = "io.weight";
        public const string IoBfqWeight = "io.bfq.weight";
        public const string CpuPressure = "cpu.pressure";
        public const string MemoryPressure = "memory.pressure";
        public const string IoPressure = "io.pressure";
        public const string Freeze = "cgroup.freeze";
    }
}
